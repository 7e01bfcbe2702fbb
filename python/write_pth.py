"""Write incert.pth into the interpreter's site directory so that `import incert` finds the build.

Called by the build (python/CMakeLists.txt, target incert_python) with the directory holding the
built package `incert/`. The file goes to the first site-packages directory of this interpreter
(/usr/local/lib/python3.X/dist-packages for Debian's /usr/bin/python3), or to the user site
directory when that is not writable; nothing is written when the content is already right. A
failure only prints a note: the package is still usable with PYTHONPATH=<dir>.
"""
import os
import site
import sys


def main() -> int:
    package_dir = os.path.abspath(sys.argv[1])
    line = package_dir + "\n"
    candidates = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        candidates.append(site.getusersitepackages())
    for directory in candidates:
        path = os.path.join(directory, "incert.pth")
        try:
            with open(path, encoding="utf-8") as f:
                if f.read() == line:
                    return 0
        except OSError:
            pass
        try:
            os.makedirs(directory, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(line)
        except OSError:
            continue
        print(f"incert: {path} -> {package_dir} (import incert now works for {sys.executable})")
        return 0
    print(f"incert: note: could not write incert.pth in {candidates}; use PYTHONPATH={package_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
