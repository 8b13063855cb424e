// Public API of @pyflink-devkit/runner.
export {};
