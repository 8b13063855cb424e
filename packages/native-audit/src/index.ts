// Public API of @pyflink-devkit/native-audit.
export {};
