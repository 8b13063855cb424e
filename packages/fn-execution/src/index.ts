// Public API of @pyflink-devkit/fn-execution.
export {};
