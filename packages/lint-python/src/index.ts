// Public API of @pyflink-devkit/lint-python.
export {};
