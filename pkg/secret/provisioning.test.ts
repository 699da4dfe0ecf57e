import { describe, expect, test } from '@jest/globals';
import { ProvisioningSecrets } from './provisioning.ts';

describe('ProvisioningSecrets', () => {
  test('holds the named secrets of one namespace until released', () => {
    const provisioning = new ProvisioningSecrets();
    const release = provisioning.hold('team-a', ['app-aiven', 'app-kafka']);
    expect(provisioning.isHeld('team-a', 'app-aiven')).toBe(true);
    expect(provisioning.isHeld('team-a', 'app-kafka')).toBe(true);
    expect(provisioning.isHeld('team-b', 'app-aiven')).toBe(false);
    expect(provisioning.isHeld('team-a', 'other')).toBe(false);
    release();
    expect(provisioning.isHeld('team-a', 'app-aiven')).toBe(false);
    expect(provisioning.isHeld('team-a', 'app-kafka')).toBe(false);
  });

  test('keeps a secret two runs hold until both release, whatever the order', () => {
    const provisioning = new ProvisioningSecrets();
    const first = provisioning.hold('team-a', ['shared']);
    const second = provisioning.hold('team-a', ['shared', 'shared']);
    first();
    expect(provisioning.isHeld('team-a', 'shared')).toBe(true);
    second();
    expect(provisioning.isHeld('team-a', 'shared')).toBe(false);
  });

  test('counts a release called twice once', () => {
    const provisioning = new ProvisioningSecrets();
    const first = provisioning.hold('team-a', ['shared']);
    provisioning.hold('team-a', ['shared']);
    first();
    first();
    expect(provisioning.isHeld('team-a', 'shared')).toBe(true);
  });
});
