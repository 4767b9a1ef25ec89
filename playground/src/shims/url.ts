// node:url for the transform in the browser: its own location is a file: URL under the virtual root.
export function fileURLToPath(url: string | URL): string {
  return decodeURIComponent(new URL(url).pathname);
}
