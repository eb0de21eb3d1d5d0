"""manimd's fork server ("zygote"): imports manim once, then forks one child per job.

Runs inside a bubblewrap sandbox as the slot's uid, with every job directory of the host
under /mnt, the control socket and the strict seccomp program on the descriptors its
command line names (--zygote CONTROL_FD SECCOMP_FD). It never
runs user code itself. For each job the child gives itself new user, mount, PID, network,
IPC and UTS namespaces, forks a PID 1 for the new PID namespace and the render under it,
sees only its own job directory (at /job; a tmpfs hides /mnt), fresh /tmp, /dev/shm and /proc, drops
every capability, sets no_new_privs, applies the strict seccomp filter, and renders
in-process (manimd_render.render_job).

Protocol (version 1), JSON over a SOCK_SEQPACKET socket, one message per packet:
  zygote -> manimd  {"v":1,"ready":true}                      once manim is imported
  manimd -> zygote  {"v":1,"job":"manimd-job-XXXX","layout":{...},"spec":{...}}
                    + fds [log, events]; layout (manimd's sandbox/sandbox_layout.h) says
                    where the job dir goes, the /tmp and /dev/shm sizes, the events fd
  zygote -> manimd  {"v":1,"exit":code,"signal":n,"cpuMs":t,"maxRssKb":k}
                    when the job's child ends; cpuMs and maxRssKb are wait4's rusage of
                    the child and everything it reaped
                    (+ "error":"..." when the child could not isolate itself: then the
                    job never ran, and it is manimd's fault, not the scene's)
  zygote -> manimd  {"v":1,"error":"bad request"}              for a malformed request
"""

import ctypes
import fcntl
import json
import os
import signal
import socket
import struct
import sys

ISOLATION_FD = 4  # in a job's child: where it reports an isolation failure to the zygote
MAX_FD = 1 << 20  # past any RLIMIT_NOFILE: closerange() goes to the end
VERSION = 1

CLONE_FLAGS = (os.CLONE_NEWUSER | os.CLONE_NEWNS | os.CLONE_NEWPID | os.CLONE_NEWNET |
               os.CLONE_NEWIPC | os.CLONE_NEWUTS)
MS_BIND, MS_REC, MS_PRIVATE = 0x1000, 0x4000, 1 << 18
MS_NOSUID, MS_NODEV, MS_NOEXEC = 2, 4, 8
PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP, PR_SET_SECCOMP = 38, 24, 22
SECCOMP_MODE_FILTER = 2
LINUX_CAPABILITY_VERSION_3 = 0x20080522

libc = ctypes.CDLL(None, use_errno=True)


def check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount(source, target, fstype, flags, data=None):
    enc = lambda v: v.encode() if v is not None else None  # noqa: E731
    check(libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
          f"mount {target}")


def drop_capabilities():
    for cap in range(64):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() == 22:
            break  # EINVAL: past the last capability this kernel knows
    header = struct.pack("Ii", LINUX_CAPABILITY_VERSION_3, 0)
    data = bytes(24)  # two empty __user_cap_data_struct: effective, permitted, inheritable
    check(libc.syscall(126, ctypes.c_char_p(header), ctypes.c_char_p(data)), "capset")


def apply_seccomp(program):
    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
    buf = ctypes.create_string_buffer(program, len(program))
    prog = SockFprog(len(program) // 8, ctypes.cast(buf, ctypes.c_void_p))
    check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    check(libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0), "seccomp")


def bring_up_loopback():
    """lo exists but is down in a new network namespace; bwrap raises it, so do we."""
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", fcntl.ioctl(s, SIOCGIFFLAGS, ifreq))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))


def exit_code_of(status):
    """A wait status as one exit code: 128+N for death by signal N, as shells and bwrap do."""
    return 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def become_init():
    """Default dispositions in a PID namespace's init: the kernel then drops every signal
    its own namespace sends it (Python's SIGINT handler would let the scene raise
    KeyboardInterrupt here)."""
    for sig in signal.valid_signals():
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass  # SIGKILL, SIGSTOP


def limit_user_namespaces():
    """No further user namespaces below this one (the strict seccomp filter also refuses
    them): the ucount limit of the namespace just made, which only it may lower."""
    with open("/proc/sys/user/max_user_namespaces", "w") as f:
        f.write("0")


def isolate(job_dir, layout, seccomp_program):
    """In the forked child: new namespaces, only this job's files, no privileges.

    Three processes: this one (in the zygote's PID namespace) passes PID 1's exit code on;
    PID 1 of the new namespace mounts, then only waits (the kernel drops signals such as
    SIGXCPU for a namespace's init, so the render must not be it); the render itself is
    PID 2. Exit codes carry death by signal N as 128+N, never re-raised: a code past
    128+64 is the scene's own os._exit() status, and SIGKILL cannot be re-raised by hand."""
    uid, gid = os.getuid(), os.getgid()
    os.unshare(CLONE_FLAGS)
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")
    limit_user_namespaces()
    pid = os.fork()
    if pid:
        os.close(ISOLATION_FD)  # only the render reports isolation failures
        _, status = os.waitpid(pid, 0)
        os._exit(exit_code_of(status))
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    inside = layout["job_dir"]
    mount(f"/mnt/{job_dir}", inside, None, MS_BIND | MS_REC)
    mount("tmpfs", "/mnt", "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0555")
    mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={int(layout['tmp_bytes'])}")
    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"size={int(layout['shm_bytes'])}")
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    bring_up_loopback()
    pid = os.fork()
    if pid:  # PID 1; when it ends, the kernel kills the whole namespace
        become_init()
        os.close(ISOLATION_FD)
        _, status = os.waitpid(pid, 0)
        os._exit(exit_code_of(status))
    os.chdir(inside)
    drop_capabilities()
    apply_seccomp(seccomp_program)


def run_child(request, fds, control, seccomp_program, render_job):
    """The job's child: isolates itself, then renders. An isolation failure is reported on
    ISOLATION_FD, which the zygote reads: never on the events fd, where the scene can write
    too."""
    log_fd, events_fd, isolation_fd = fds
    layout = request["layout"]
    try:
        control.close()
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.dup2(events_fd, int(layout["events_fd"]))
        os.dup2(isolation_fd, ISOLATION_FD)
        os.closerange(ISOLATION_FD + 1, MAX_FD)
        isolate(request["job"], layout, seccomp_program)
    except BaseException as e:
        try:
            os.write(ISOLATION_FD, f"{type(e).__name__}: {e}".encode()[:4000])
        finally:
            os._exit(70)
    os.close(ISOLATION_FD)  # from here on the scene's code runs
    try:
        render_job.__globals__["MAIN_PID"] = os.getpid()  # the helper's "only I report"
        render_job(request["spec"])
    except SystemExit as e:
        os._exit(e.code if isinstance(e.code, int) else 1)
    os._exit(0)


def serve(render_job, control_fd, seccomp_fd):
    # The imports every job would otherwise pay for (about 0.9 s), done once.
    import manim  # noqa: F401
    from manim.cli.render.commands import render  # noqa: F401
    try:  # imported, not installed: each job's child installs the layer if it wants it
        import manimd_compat  # noqa: F401
        import manimd_hints  # noqa: F401
    except ImportError:
        pass
    control = socket.socket(fileno=control_fd)
    with os.fdopen(seccomp_fd, "rb") as f:
        seccomp_program = f.read()
    os.closerange(max(control_fd, seccomp_fd) + 1, MAX_FD)  # what bwrap passed on for itself
    control.send(json.dumps({"v": VERSION, "ready": True}).encode())
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(control, 1 << 20, 2)
        except OSError:
            return
        if not msg:
            return  # manimd closed the socket: stop
        request = json.loads(msg)
        if request.get("v") != VERSION or len(fds) != 2:
            for fd in fds:
                os.close(fd)
            control.send(json.dumps({"v": VERSION, "error": "bad request"}).encode())
            continue
        control.send(json.dumps(run_job(request, fds, control, seccomp_program,
                                        render_job)).encode())


def run_job(request, fds, control, seccomp_program, render_job):
    """Forks the job's child, waits for it, and says how it ended."""
    log_fd, events_fd = fds
    isolation_read, isolation_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(isolation_read)
        run_child(request, (log_fd, events_fd, isolation_write), control, seccomp_program,
                  render_job)
    for fd in (log_fd, events_fd, isolation_write):
        os.close(fd)
    _, status, usage = os.wait4(pid, 0)
    with os.fdopen(isolation_read, "rb") as f:  # every writer is gone by now
        failure = f.read(4000).decode(errors="replace")
    reply = {"v": VERSION, "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128,
             "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0,
             "cpuMs": int((usage.ru_utime + usage.ru_stime) * 1000), "maxRssKb": usage.ru_maxrss}
    if failure:
        reply["error"] = failure
    return reply
