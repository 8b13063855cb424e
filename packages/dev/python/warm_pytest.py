"""A warm pytest for pyflink-dev: one interpreter keeps the third-party modules the tests import
loaded (Flink's tests pull in apache_beam: ~90% of a cold run), and every request runs
``pytest.main(args)`` in a fresh fork of it, so each run starts from the same state and sees the
project's files as they are now. The project's own modules are never imported here, only in the
forks. Usage: warm_pytest.py <socket> <learned-modules.json>; cwd is the project.

Protocol (one connection, JSON lines): request {"id", "args", "output"} -> {"id", "pid"} when the
fork starts, then {"id", "exit"} when it ended; its stdout and stderr went to "output".
"""
import importlib
import json
import os
import socket
import sys
import sysconfig
import traceback


def _library_dirs():
    paths = sysconfig.get_paths()
    return tuple(sorted({os.path.realpath(paths[key]) + os.sep for key in ("purelib", "platlib", "stdlib", "platstdlib") if key in paths}))


def _outside_project(project):
    """Names of loaded modules that live in the interpreter's or the env's libraries, not in the project."""
    libraries = _library_dirs()
    names = []
    for name, module in list(sys.modules.items()):
        location = getattr(module, "__file__", None)
        if not location:
            continue
        location = os.path.realpath(location)
        if location.startswith(project) or not location.startswith(libraries):
            continue
        names.append(name)
    return names


def _forget_project_modules(project):
    for name, module in list(sys.modules.items()):
        location = getattr(module, "__file__", None)
        if location and os.path.realpath(location).startswith(project):
            del sys.modules[name]


def _preload(names, project):
    for name in names:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except BaseException:  # a module that does not import here is simply left to the forks
            pass
    _forget_project_modules(project)


def _exit_code(status):
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else -1


def _run(request, project, learned_file, listener, connection):
    """In the fork: pytest with the request's arguments, its output to the request's file."""
    code = 3
    try:
        connection.close()
        listener.close()
        fd = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        import pytest
        code = int(pytest.main(list(request["args"])))
        learned = _outside_project(project)
        with open(learned_file + ".tmp", "w") as out:
            json.dump(learned, out)
        os.replace(learned_file + ".tmp", learned_file)
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main():
    socket_path, learned_file = sys.argv[1], sys.argv[2]
    project = os.path.realpath(os.getcwd()) + os.sep
    # As `python -m pytest` does: the working directory first on sys.path.
    sys.path.insert(0, os.getcwd())
    import pytest  # noqa: F401  (loaded once, used by every fork)

    try:
        with open(learned_file) as source:
            _preload(json.load(source), project)
    except (OSError, ValueError):
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(socket_path):
        os.unlink(socket_path)
    listener.bind(socket_path)
    listener.listen(1)
    print("warm-pytest: ready", flush=True)
    connection, _ = listener.accept()
    stream = connection.makefile("rwb", buffering=0)

    def reply(message):
        stream.write((json.dumps(message) + "\n").encode("utf-8"))

    for line in stream:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _run(request, project, learned_file, listener, connection)
        reply({"id": request["id"], "pid": pid})
        _, status = os.waitpid(pid, 0)
        reply({"id": request["id"], "exit": _exit_code(status)})
        # What that run imported from the libraries is loaded here now, for the next fork.
        try:
            with open(learned_file) as source:
                _preload(json.load(source), project)
        except (OSError, ValueError):
            pass


if __name__ == "__main__":
    main()
