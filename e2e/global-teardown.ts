export default async function globalTeardown(): Promise<void> {
  await globalThis.aivenatorControlPlane?.stop();
  globalThis.aivenatorControlPlane = undefined;
}
