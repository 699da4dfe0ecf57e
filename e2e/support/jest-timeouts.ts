import { jest } from '@jest/globals';

// Cluster tests wait on controllers (namespace deletion, garbage collection) that take seconds, not milliseconds.
jest.setTimeout(60_000);
