import { onPath, run, runOrThrow } from '../../cli/process';

describe('the process runner', () => {
  test('runs without a shell: an argument is never interpreted', () => {
    const r = run('printf', ['%s|', '$(id)', '; echo no', '*']);
    expect(r).toEqual({ code: 0, stdout: '$(id)|; echo no|*|', stderr: '', timedOut: false });
  });

  test('a failing command is an exit status with its stderr, never an exception', () => {
    const r = run('sh', ['-c', 'echo out; echo err >&2; exit 7']);
    expect(r).toMatchObject({ code: 7, stdout: 'out\n', stderr: 'err\n', timedOut: false });
  });

  test('a program that cannot be started says why', () => {
    const r = run('/nonexistent/tool', ['x']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ENOENT/);
  });

  test('bounded in time: past timeoutMs it is stopped and the status is 124, as timeout(1) says', () => {
    const started = Date.now();
    const r = run('sleep', ['5'], { timeoutMs: 200 });
    expect(r).toMatchObject({ code: 124, timedOut: true });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  test('a signal that ends it gives 128 + its number', () => {
    expect(run('sh', ['-c', 'kill -TERM $$']).code).toBe(143);
  });

  test('input, environment and directory reach the program', () => {
    expect(run('sh', ['-c', 'cat; echo "$X"; pwd'], { input: 'in\n', env: { PATH: process.env.PATH, X: 'x' }, cwd: '/' }).stdout).toBe('in\nx\n/\n');
  });

  test('runOrThrow returns stdout, or throws with the command and its stderr', () => {
    expect(runOrThrow('echo', ['hi'])).toBe('hi\n');
    expect(() => runOrThrow('sh', ['-c', 'echo broken >&2; exit 3'])).toThrow(/^sh -c .* failed \(exit 3\): broken$/);
    expect(() => runOrThrow('false', [], {}, (r) => `custom ${r.code}`)).toThrow(/^custom 1$/);
  });

  test('onPath finds executables as command -v does, without a shell', () => {
    expect(onPath('sh')).toBe(true);
    expect(onPath('no-such-tool-dnc')).toBe(false);
    expect(onPath('/bin/sh')).toBe(true);
    expect(onPath('sh; touch /tmp/x')).toBe(false);
    expect(onPath('sh', { PATH: '/nonexistent' })).toBe(false);
  });
});
