package cluster

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// process is a child process we own: started in its own process group (a terminal's
// Ctrl-C reaches only us, and we stop our children in order) with Pdeathsig so it dies
// with us, stopped with SIGTERM and, after a grace period, SIGKILL.
type process struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// stopGrace is how long a process gets to exit after SIGTERM.
const stopGrace = 10 * time.Second

// startProcess starts path with args, output to out, and env added to our environment.
func startProcess(name, path string, args []string, out io.Writer, env ...string) (*process, error) {
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = out, out
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// exited reports whether the process has ended, and how.
func (p *process) exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// stop sends SIGTERM, waits up to stopGrace, then kills. An exit caused by our signal is
// not an error.
func (p *process) stop() error {
	if done, err := p.exited(); done {
		return fmt.Errorf("%s had already exited: %v", p.name, err)
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(stopGrace):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	var exitErr *exec.ExitError
	if p.err != nil && !errors.As(p.err, &exitErr) {
		return fmt.Errorf("%s: %w", p.name, p.err)
	}
	return nil
}

// openLog returns w when set, else a new file in dir.
func openLog(w io.Writer, path string) (io.Writer, error) {
	if w != nil {
		return w, nil
	}
	return os.Create(path)
}
