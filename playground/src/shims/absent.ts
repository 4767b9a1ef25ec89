// What asc and binaryen import only when they run under Node (after checking `process`): never used
// in the browser, so nothing.
export {};
