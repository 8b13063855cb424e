// Public API of @pyflink-devkit/fat-jar.
export {};
