/** Process checks for tests that must prove nothing was left behind. */
import { execFileSync } from 'node:child_process';

/** PIDs of java processes whose command line names DynamoDB Local on `port`. */
export function javaProcessesOnPort(port: number): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter(
      (line) => line.includes('DynamoDBLocal.jar') && new RegExp(`-port ${port}(\\s|$)`).test(line),
    )
    .map((line) => line.trim().split(/\s+/)[0] as string);
}

/** True while a process with this PID exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
