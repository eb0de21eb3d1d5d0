# Tries to make a user namespace (all capabilities inside it) by raw clone() and clone3().
import ctypes
import os
import signal

from manim import *

SYS_CLONE, SYS_CLONE3, CLONE_NEWUSER = 56, 435, 0x10000000


class NewUserns(Scene):
    def construct(self):
        libc = ctypes.CDLL(None, use_errno=True)
        results = []
        pid = libc.syscall(SYS_CLONE, CLONE_NEWUSER | signal.SIGCHLD, 0, 0, 0, 0)
        if pid == 0:
            os._exit(0)
        results.append(f"clone={pid}/{ctypes.get_errno()}")
        args = (ctypes.c_uint64 * 11)(CLONE_NEWUSER, 0, 0, 0, signal.SIGCHLD, 0, 0, 0, 0, 0, 0)
        pid = libc.syscall(SYS_CLONE3, ctypes.byref(args), ctypes.sizeof(args))
        if pid == 0:
            os._exit(0)
        results.append(f"clone3={pid}/{ctypes.get_errno()}")
        try:
            os.unshare(os.CLONE_NEWUSER)
            results.append("unshare=0")
        except OSError as e:
            results.append(f"unshare=-1/{e.errno}")
        raise RuntimeError(" ".join(results))
