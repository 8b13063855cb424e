// Public API of @pyflink-devkit/dev.
export {};
