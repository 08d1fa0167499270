import { type ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface ProcessOptions {
  /**
   * The child's environment, on top of PATH and HOME only: a developer's shell (a stray CLERK_*,
   * DATABASE_URL) never leaks into a test's server. `inheritEnv` passes this process's too.
   */
  env: Readonly<Record<string, string>>;
  inheritEnv?: boolean;
  cwd?: string;
  /**
   * A process group of its own, signalled as a whole: for a command that runs the program as its
   * child (`npm start`), or to signal a tree as a terminal's Ctrl-C does (`signal('SIGINT')`).
   */
  group?: boolean;
  /** Open an IPC channel (`child.send`, the `message` event). */
  ipc?: boolean;
  /** Stdout to /dev/null (only stderr is kept): for a server whose request lines nobody reads. */
  ignoreStdout?: boolean;
  /**
   * Stdout written to this file instead of a pipe (it is not in `output()`): for output read later,
   * at the reader's pace, without a reader process competing for the child's or another core.
   */
  stdoutFile?: string;
  /** Keep only the last this-many characters of output (default: all of it). */
  keepOutput?: number;
  /** Each chunk of output as it arrives, e.g. to echo it with a prefix. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface NodeProcessOptions extends ProcessOptions {
  /** Arguments after the script. */
  args?: readonly string[];
  /** Node's own flags, before the script (`--import`, `--cpu-prof`). */
  nodeArgs?: readonly string[];
  /** Linux: pin the child to this CPU with taskset, which execs node (the pid stays node's). */
  cpu?: number;
}

export interface NodeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** What it printed so far, stdout and stderr interleaved. */
  output: () => string;
  /** The exit code, or the signal's name when a signal ended it. */
  readonly exited: Promise<number | string | null>;
  alive: () => boolean;
  /**
   * Resolves with the first capture group (or the whole match) once the output matches `pattern`;
   * rejects with the output when the process exits first or `timeoutMs` passes.
   */
  waitForOutput: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  /** Sends `name` to it (to its whole group with `group`), unless it has exited. */
  signal: (name: NodeJS.Signals) => void;
  /** SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves with how it exited. */
  stop: (graceMs?: number) => Promise<number | string | null>;
}

// Children still running when this process exits (a test worker torn down, a tool stopped by a
// signal) are killed with it, not left behind holding ports and CPU.
const running = new Map<ChildProcess, () => void>();
process.once('exit', () => {
  for (const kill of running.values()) kill();
});

/** `node [nodeArgs] script [args]` as a child process whose output is kept for diagnostics. */
export function startNode(script: string, options: NodeProcessOptions): NodeProcess {
  const argv = [...(options.nodeArgs ?? []), script, ...(options.args ?? [])];
  return options.cpu === undefined
    ? startProcess(process.execPath, argv, options)
    : startProcess('taskset', ['-c', String(options.cpu), process.execPath, ...argv], options);
}

/** Any command (`npm start`) as a child process whose output is kept for diagnostics. */
export function startProcess(command: string, args: readonly string[], options: ProcessOptions): NodeProcess {
  // The child gets its own copy of the descriptor; ours is closed as soon as it has started.
  const stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w');
  const stdout = stdoutFd ?? (options.ignoreStdout ? 'ignore' : 'pipe');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      cwd: options.cwd,
      env: {
        ...(options.inheritEnv ? process.env : {}),
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '/tmp',
        ...options.env,
      },
      stdio: ['ignore', stdout, 'pipe', ...(options.ipc ? ['ipc' as const] : [])] satisfies StdioOptions,
      detached: options.group ?? false,
    });
  } finally {
    if (stdoutFd !== undefined) closeSync(stdoutFd);
  }
  // A group is signalled through its leader's pid, negated: every process npm (or a shell) started too.
  const signalTree = (name: NodeJS.Signals) => {
    if (options.group && child.pid) {
      try {
        process.kill(-child.pid, name);
      } catch {
        // The group is gone already.
      }
    } else child.kill(name);
  };
  running.set(child, () => signalTree('SIGKILL'));
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (options.keepOutput !== undefined && output.length > options.keepOutput)
      output = output.slice(-options.keepOutput);
    options.onOutput?.(text, stream);
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr!.on('data', collect('stderr'));
  const exited = new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
      for (const listener of listeners) listener();
    });
    // A command that cannot start at all (taskset missing) exits through 'error' alone.
    child.once('error', () => {
      running.delete(child);
      resolve(child.exitCode ?? -1);
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  const signal = (name: NodeJS.Signals) => {
    if (alive()) signalTree(name);
  };

  const waitForOutput = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const done = (settle: () => void) => {
        listeners.delete(check);
        clearTimeout(timer);
        settle();
      };
      const check = () => {
        const match = pattern.exec(output);
        if (match) return done(() => resolve(match[1] ?? match[0]));
        if (!alive()) done(() => reject(new Error(`process exited before printing ${pattern}:\n${output}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`))),
        timeoutMs,
      );
      listeners.add(check);
      check();
    });

  const stop = async (graceMs = 5_000) => {
    if (!alive()) return exited;
    signal('SIGTERM');
    const forced = setTimeout(() => signal('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(forced);
    }
  };

  return { child, pid: child.pid ?? -1, output: () => output, exited, alive, waitForOutput, signal, stop };
}
