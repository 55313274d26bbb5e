// The health sweep part of the bench; filled in once the health job exposes a sweep.
export async function healthSweep() {
  return null;
}
