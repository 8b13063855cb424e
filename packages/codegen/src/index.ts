// Public API of @pyflink-devkit/codegen.
export {};
