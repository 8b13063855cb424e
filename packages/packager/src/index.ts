// Public API of @pyflink-devkit/packager.
export {};
