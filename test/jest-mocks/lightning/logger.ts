/**
 * Jest stand-in for `lightning/logger`, which sfdx-lwc-jest does not stub.
 * Specs assert on `log.mock.calls` to check that errors are reported.
 */
export const log = jest.fn();
