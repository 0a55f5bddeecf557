"""How the gate starts Java (Specmatic, openapi-generator): flags for a short run, and a
class-data archive per jar.

Every run of these tools is short (seconds) and starts a new JVM, so most of its CPU goes to
loading, verifying and compiling classes, not to the work. Three things cut it
(``spec_compat/README.md``, "Time"):

- ``-XX:TieredStopAtLevel=1``: the JIT's first tier only (C2 never pays back in a short run),
  with one compiler thread (``-XX:CICompilerCount=1``: the others mostly compiled methods a
  run of seconds never called again);
- ``-XX:+UseSerialGC``: one GC thread, no G1 set-up, on a heap this small;
- ``-XX:-UsePerfData``: no ``hsperfdata`` file mapped and updated for monitoring tools;
- an application class-data archive (JDK 13+ ``-XX:ArchiveClassesAtExit``): the first run of a
  jar dumps the classes it loaded, parsed and verified; later runs map them
  (``-XX:SharedArchiveFile``). The archive lives in the user's cache, named by the hash of the
  jar, the java binary and these flags. It cannot change what a tool does: the JVM checks an
  archive against itself and the class path, and runs without it (a warning, silenced here)
  when it does not match.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import threading
from pathlib import Path

FLAGS = (
    "-XX:TieredStopAtLevel=1",
    "-XX:CICompilerCount=1",
    "-XX:+UseSerialGC",
    "-XX:-UsePerfData",
    # The archive's notes (dumped, skipped classes, not usable) are about speed only, and
    # would land in the tools' output, which the gate reads.
    "-Xlog:cds=off,cds+dynamic=off",
)

_DUMPING: set[Path] = set()  # archives a thread of this process is writing
_DUMPING_LOCK = threading.Lock()


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


@functools.cache
def archive(jar: Path) -> Path:
    """Where the class-data archive of ``jar`` is (or will be) kept."""
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("the gate needs Java: apt-get install default-jre-headless")
    digest = hashlib.sha256()
    with jar.open("rb") as content:
        for block in iter(lambda: content.read(1 << 20), b""):
            digest.update(block)
    digest.update(str(Path(java).resolve()).encode())
    digest.update("\0".join(FLAGS).encode())
    name = f"{jar.stem}-{digest.hexdigest()[:16]}.jsa"
    return _cache_home() / "meedio-toolkit" / "jvm-cds" / name


def command(
    jar: Path, args: list[str], options: tuple[str, ...] = (), dump: Path | None = None
) -> list[str]:
    """``java`` with the flags, the archive (or, with ``dump``, the run that writes it) and
    ``options`` (system properties), then ``-jar jar args``."""
    shared = (
        f"-XX:ArchiveClassesAtExit={dump}"
        if dump is not None
        else f"-XX:SharedArchiveFile={archive(jar)}"
    )
    return ["java", *FLAGS, shared, *options, "-jar", str(jar), *args]


def run(
    jar: Path,
    args: list[str],
    options: tuple[str, ...] = (),
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run ``java -jar jar args`` (output captured as text); the first run of a jar writes
    its archive (under a name of its own, then renamed: whole or not at all). Writing costs
    about twice a run, so while one thread of this process writes it, the others run
    without it (a missing archive is no error to the JVM)."""
    target = archive(jar)
    dump = None
    with _DUMPING_LOCK:
        if not target.exists() and target not in _DUMPING:
            _DUMPING.add(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            dump = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments
            command(jar, args, options, dump),
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
        if dump is not None and dump.exists():
            dump.replace(target)
    except BaseException:  # killed on its timeout: what it dumped may be cut short
        if dump is not None:
            dump.unlink(missing_ok=True)
        raise
    finally:
        if dump is not None:
            with _DUMPING_LOCK:
                _DUMPING.discard(target)
    return done
