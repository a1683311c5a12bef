import sodium from 'libsodium-wrappers-sumo';

export { sodium };

/** Resolves once libsodium is initialised; every other function here needs it. */
export async function ready(): Promise<void> {
  await sodium.ready;
}
