"""Writes each of sys.argv[1:] as the bytes the OS passed (os.fsencode undoes Python's
surrogateescape decoding) followed by one NUL byte to stdout."""
import os
import sys

sys.stdout.buffer.write(b"".join(os.fsencode(arg) + b"\0" for arg in sys.argv[1:]))
