# Runs a PyFlink job entry the way a Flink client would, with two differences written by
# @pyflink-devkit/job-runner (this file is part of it, not of the job):
#   * every table / stream environment the job creates gets the bundle's python.files,
#     python.archives, python.executable and pipeline.jars, through PyFlink's public API
#     (add_python_file, add_python_archive, set_python_executable, pipeline.jars);
#   * job submissions are intercepted: a job whose tables are all bounded and local is executed on
#     the local mini cluster and awaited; any other job is only planned (explain / execution plan),
#     so imports, DDL, connector factories and UDF registration run but nothing connects anywhere.
# Usage: python job_bootstrap.py <request.json>. The outcome is written to the request's
# "resultFile" as JSON whatever happens; stdout and stderr are the job's own.
import builtins
import json
import os
import platform
import re
import runpy
import sys
import traceback

REQUEST = json.load(open(sys.argv[1], encoding="utf-8"))
STATE = {"submissions": [], "error": None}

# Connectors a job may run against on this machine without reaching an external system. A table
# whose connector is not here, or whose condition fails, makes its job "planned".
BOUNDED_CONNECTORS = {
    "datagen": lambda opts: "number-of-rows" in opts,
    "print": lambda opts: True,
    "blackhole": lambda opts: True,
    "values": lambda opts: True,
    # Only relative paths: they resolve inside the scratch working directory, never in the user's files.
    "filesystem": lambda opts: not re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/)", opts.get("path", "/")),
}

# ---------------------------------------------------------------------------------------------
# Files the target provides at fixed absolute paths (MSF: /etc/flink/application_properties.json)
# are served from the bundle, without writing to those paths on this machine.
REDIRECTS = REQUEST.get("redirects") or {}


def _redirected(path):
    try:
        key = os.fspath(path)
    except TypeError:
        return path
    return REDIRECTS.get(key, path) if isinstance(key, str) else path


if REDIRECTS:
    _open = builtins.open
    _isfile = os.path.isfile
    _exists = os.path.exists
    builtins.open = lambda file, *a, **k: _open(_redirected(file), *a, **k)
    os.path.isfile = lambda p: _isfile(_redirected(p))
    os.path.exists = lambda p: _exists(_redirected(p))

# ---------------------------------------------------------------------------------------------
# The layout the target would give the job.
LAYOUT = REQUEST["layout"]
MODE = REQUEST.get("mode", "auto")


def _configure_table_env(t_env):
    if getattr(t_env, "_devkit_configured", False):
        return t_env
    t_env._devkit_configured = True
    for path in LAYOUT.get("pythonFiles", []):
        t_env.add_python_file(path)
    for archive in LAYOUT.get("archives", []):
        t_env.add_python_archive(archive["path"], archive.get("alias"))
    if LAYOUT.get("pythonExecutable"):
        t_env.get_config().set_python_executable(LAYOUT["pythonExecutable"])
    if LAYOUT.get("jars"):
        t_env.get_config().set("pipeline.jars", ";".join(LAYOUT["jars"]))
    return t_env


def _configure_stream_env(env):
    if getattr(env, "_devkit_configured", False):
        return env
    env._devkit_configured = True
    for path in LAYOUT.get("pythonFiles", []):
        env.add_python_file(path)
    for archive in LAYOUT.get("archives", []):
        env.add_python_archive(archive["path"], archive.get("alias"))
    if LAYOUT.get("pythonExecutable"):
        env.set_python_executable(LAYOUT["pythonExecutable"])
    if LAYOUT.get("jars"):
        env.add_jars(*LAYOUT["jars"])
    return env


# ---------------------------------------------------------------------------------------------
# Which tables a table job touches, and whether all of them are bounded and local.
def _table_connectors(t_env):
    """[(table, options or None)] for every table and view of the current database."""
    from pyflink.java_gateway import get_gateway

    jvm = get_gateway().jvm
    catalog = t_env.get_current_catalog()
    database = t_env.get_current_database()
    manager = t_env._j_tenv.getCatalogManager()
    found = []
    for name in t_env.list_tables():
        options = None
        try:
            ident = jvm.org.apache.flink.table.catalog.ObjectIdentifier.of(catalog, database, name)
            looked_up = manager.getTable(ident)
            if looked_up.isPresent():
                options = dict(looked_up.get().getResolvedTable().getOptions())
        except Exception:  # noqa: BLE001 - an unknown table keeps the job planned
            options = None
        found.append((name, options))
    return found


def _bounded(tables):
    for _name, options in tables:
        if options is None:
            return False
        connector = options.get("connector")
        if connector is None:
            continue  # a view: its tables are listed themselves
        check = BOUNDED_CONNECTORS.get(connector)
        if check is None or not check(options):
            return False
    return True


def _describe(tables):
    return ", ".join(
        "{}[{}]".format(name, (options or {}).get("connector", "view" if options is not None else "?"))
        for name, options in tables
    )


def _decide_table(t_env):
    mode, tables = _decide_table_mode(t_env)
    STATE["attempt"] = mode
    return mode, tables


def _decide_table_mode(t_env):
    tables = _table_connectors(t_env)
    if MODE == "plan":
        return "planned", tables
    if MODE == "execute":
        return "executed", tables
    return ("executed" if _bounded(tables) else "planned"), tables


class PlannedResult(object):
    """Stands in for the TableResult / JobExecutionResult of a job that was only planned."""

    def __init__(self, plan):
        self.plan = plan

    def wait(self, timeout_ms=None):
        return None

    def get_job_client(self):
        return None

    def print(self):
        return None

    def collect(self):
        return iter(())

    def get_job_id(self):
        return None


def _record(kind, what, mode, tables, plan):
    STATE["submissions"].append({
        "kind": kind,
        "statement": " ".join(what.split())[:200],
        "mode": mode,
        "tables": _describe(tables) if tables is not None else None,
        "plan": plan,
    })


_SUBMITTING = re.compile(r"^\s*(?:--[^\n]*\n\s*)*(INSERT|EXECUTE|SELECT|WITH|BEGIN\s+STATEMENT\s+SET)\b", re.I)


def _start_jvm_apart():
    """Starts PyFlink's JVM in the run's scratch directory, not in the entry's.

    The local mini cluster's Python workers inherit the JVM's working directory (a TaskManager's
    is never the job's directory), and Python puts the working directory on a worker's path: with
    the entry's directory there, a module beside the entry that is not in python.files would import
    on the workers here and fail on the cluster (packaging-facts E6). The client keeps its own
    working directory, so the job's relative paths mean what they mean under `flink run`.
    """
    from pyflink import java_gateway

    original = java_gateway.launch_gateway
    jvm_dir = REQUEST.get("jvmWorkingDirectory") or os.path.dirname(os.path.abspath(REQUEST["resultFile"]))

    def launch_gateway(*args, **kwargs):
        here = os.getcwd()
        os.chdir(jvm_dir)
        try:
            return original(*args, **kwargs)
        finally:
            os.chdir(here)

    java_gateway.launch_gateway = launch_gateway


def _install_interceptors():
    _start_jvm_apart()
    from pyflink.table import StatementSet, Table, TableEnvironment
    from pyflink.table import StreamTableEnvironment
    from pyflink.datastream import StreamExecutionEnvironment

    for cls in (TableEnvironment, StreamTableEnvironment):
        original_create = cls.__dict__["create"].__func__

        def create(*args, _original=original_create, **kwargs):
            return _configure_table_env(_original(*args, **kwargs))

        setattr(cls, "create", staticmethod(create))

    original_get_env = StreamExecutionEnvironment.__dict__["get_execution_environment"].__func__

    def get_execution_environment(*args, **kwargs):
        return _configure_stream_env(original_get_env(*args, **kwargs))

    StreamExecutionEnvironment.get_execution_environment = staticmethod(get_execution_environment)

    original_execute_sql = TableEnvironment.execute_sql

    def execute_sql(self, stmt):
        match = _SUBMITTING.match(stmt)
        if match is None:
            return original_execute_sql(self, stmt)
        mode, tables = _decide_table(self)
        if mode == "planned":
            body = stmt[match.start(1):]
            if match.group(1).upper() == "EXECUTE":
                body = body[len("EXECUTE"):]
            plan = self.explain_sql(body)
            _record("execute_sql", stmt, mode, tables, plan)
            return PlannedResult(plan)
        result = original_execute_sql(self, stmt)
        if match.group(1).upper() not in ("SELECT", "WITH"):
            result.wait()
        _record("execute_sql", stmt, mode, tables, None)
        return result

    TableEnvironment.execute_sql = execute_sql

    original_set_execute = StatementSet.execute

    def statement_set_execute(self):
        mode, tables = _decide_table(self._t_env)
        if mode == "planned":
            plan = self.explain()
            _record("StatementSet.execute", "statement set", mode, tables, plan)
            return PlannedResult(plan)
        result = original_set_execute(self)
        result.wait()
        _record("StatementSet.execute", "statement set", mode, tables, None)
        return result

    StatementSet.execute = statement_set_execute

    original_execute_insert = Table.execute_insert

    def execute_insert(self, table_path_or_descriptor, overwrite=False):
        mode, tables = _decide_table(self._t_env)
        if mode == "planned":
            statements = self._t_env.create_statement_set()
            statements.add_insert(table_path_or_descriptor, self, overwrite)
            plan = statements.explain()
            _record("Table.execute_insert", str(table_path_or_descriptor), mode, tables, plan)
            return PlannedResult(plan)
        result = original_execute_insert(self, table_path_or_descriptor, overwrite)
        result.wait()
        _record("Table.execute_insert", str(table_path_or_descriptor), mode, tables, None)
        return result

    Table.execute_insert = execute_insert

    original_stream_execute = StreamExecutionEnvironment.execute

    def stream_execute(self, job_name=None):
        # A DataStream job's sources cannot be told bounded from here: planned unless asked.
        STATE["attempt"] = "planned" if MODE != "execute" else "executed"
        if MODE != "execute":
            plan = self.get_execution_plan()
            _record("StreamExecutionEnvironment.execute", job_name or "job", "planned", None, plan)
            return PlannedResult(plan)
        result = original_stream_execute(self, job_name)
        _record("StreamExecutionEnvironment.execute", job_name or "job", "executed", None, None)
        return result

    StreamExecutionEnvironment.execute = stream_execute


# ---------------------------------------------------------------------------------------------
def _error_detail(exc):
    """The first useful line: a Python worker's exception, else the Java exception and its root cause."""
    text = str(exc)
    java = getattr(exc, "java_exception", None)
    if java is not None:
        try:
            cause = java
            chain = [str(cause.toString())]
            while cause.getCause() is not None and len(chain) < 20:
                cause = cause.getCause()
                chain.append(str(cause.toString()))
            text = "\n".join(chain)
            if "Traceback (most recent call last)" not in text:
                # One line per exception: the top one says what failed, the root cause why.
                heads = [c.strip().split("\n")[0] for c in chain]
                return heads[0] if len(heads) == 1 else "{} -- caused by: {}".format(heads[0], heads[-1])
        except Exception:  # noqa: BLE001
            pass
    python_errors = re.findall(r"^\s*(\w+(?:Error|Exception): .+)$", text.split("Traceback (most recent call last)")[-1], re.M) if "Traceback (most recent call last)" in text else []
    if python_errors:
        return python_errors[-1].strip()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if java is not None and len(lines) > 1 and lines[-1] != lines[0]:
        return "{} -- caused by: {}".format(lines[0], lines[-1])
    if java is None:
        return "{}: {}".format(type(exc).__name__, text.strip().split("\n")[0])
    return lines[0] if lines else type(exc).__name__


def _write_result():
    flink = None
    try:
        from pyflink.version import __version__ as flink
    except Exception:  # noqa: BLE001
        pass
    submissions = STATE["submissions"]
    modes = {s["mode"] for s in submissions}
    result = {
        "mode": "planned" if "planned" in modes else ("executed" if modes else STATE.get("attempt", "none")),
        "status": "failed" if STATE["error"] is not None else "passed",
        "flink": flink,
        "python": platform.python_version(),
        "error": STATE["error"],
        "traceback": STATE.get("traceback"),
        "submissions": submissions,
    }
    tmp = REQUEST["resultFile"] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        json.dump(result, out)
    os.replace(tmp, REQUEST["resultFile"])


def main():
    entry = REQUEST["entry"]
    # A -py entry's own directory and every python.files entry are on the client's path, as
    # `flink run` sets them up (its PythonDriver puts them on the client's PYTHONPATH too).
    for path in reversed(REQUEST.get("clientPath", [])):
        sys.path.insert(0, path)
    try:
        _install_interceptors()
        if entry.get("module"):
            runpy.run_module(entry["module"], run_name="__main__", alter_sys=True)
        else:
            sys.argv = [entry["script"]] + list(REQUEST.get("args", []))
            sys.path.insert(0, os.path.dirname(os.path.abspath(entry["script"])))
            runpy.run_path(entry["script"], run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            STATE["error"] = "the entry exited with code {}".format(exc.code)
    except BaseException as exc:  # noqa: BLE001 - every failure is reported, not raised
        STATE["error"] = _error_detail(exc)
        STATE["traceback"] = traceback.format_exc()[-8000:]
    finally:
        sys.stdout.flush()
        _write_result()


main()
