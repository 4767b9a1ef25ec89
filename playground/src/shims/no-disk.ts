// host-sim's on-disk store adapter, in the browser: absent, so Store.open reports that a store
// directory needs Node; the playground keeps state in memory (and IndexedDB through its own journal).
export {};
