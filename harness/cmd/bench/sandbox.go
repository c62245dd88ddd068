package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// envName is the .env.<name> file the standalone sandbox writes for the
// remote runs; a user's .env.standalone is left alone.
const envName = "bench"

// standalone is the sandbox both gates test in remote mode.
type standalone struct {
	cmd     *exec.Cmd
	envFile string
}

// startSandbox builds and starts fixtures/promptlens/cmd/sandbox, and returns once it
// has written root/.env.bench.
func startSandbox(ctx context.Context, root, tmp string) (*standalone, error) {
	exe := filepath.Join(tmp, "sandbox")
	if err := command(ctx, root, "go", "build", "-o", exe, "./fixtures/promptlens/cmd/sandbox"); err != nil {
		return nil, err
	}
	sb := &standalone{cmd: exec.Command(exe, "-env-file", ".env."+envName), envFile: filepath.Join(root, ".env."+envName)}
	sb.cmd.Dir, sb.cmd.Env, sb.cmd.Stderr = root, cleanEnv(os.Environ()), os.Stderr
	out, err := sb.cmd.StdoutPipe()
	if err == nil {
		err = sb.cmd.Start()
	}
	if err != nil {
		return nil, fmt.Errorf("start the standalone sandbox: %w", err)
	}
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "wrote ") {
				ready <- true
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if ok {
			return sb, nil
		}
		sb.stop()
		return nil, fmt.Errorf("the standalone sandbox exited before writing %s (see its messages above)", sb.envFile)
	case <-time.After(time.Minute):
		sb.stop()
		return nil, fmt.Errorf("the standalone sandbox did not write %s within a minute", sb.envFile)
	}
}

func (sb *standalone) pid() int { return sb.cmd.Process.Pid }

// stop interrupts the sandbox, waits for it and removes its .env file.
func (sb *standalone) stop() {
	_ = sb.cmd.Process.Signal(os.Interrupt)
	_ = sb.cmd.Wait()
	_ = os.Remove(sb.envFile)
}

// command runs a build step in dir, its output going to the bench's
// standard error.
func command(ctx context.Context, dir, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s (in %s): %w", name, strings.Join(args, " "), dir, err)
	}
	return nil
}
