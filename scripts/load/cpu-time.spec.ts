import { cpuPerRequest, processCpuMs, readCpu } from './cpu-time';

describe('cpu-time', () => {
  it("reads this process's CPU time, which grows while it computes", () => {
    const before = processCpuMs(process.pid);
    const until = process.cpuUsage();
    let x = 0;
    // Spin for at least 60 ms of CPU (the clock ticks are 10 ms).
    while ((process.cpuUsage(until).user + process.cpuUsage(until).system) / 1000 < 60) x += 1;
    const after = processCpuMs(process.pid);
    expect(x).toBeGreaterThan(0);
    expect(after - before).toBeGreaterThanOrEqual(40);
    expect(after - before).toBeLessThan(1000);
  });

  it('reads 0 for a process that does not exist', () => {
    expect(processCpuMs(2 ** 22 + 12345)).toBe(0);
  });

  it('charges each group the CPU its processes spent, per request', () => {
    const groups = { a: [1, 2], b: [3, 4] };
    const before = new Map([
      [1, 100],
      [2, 50],
      [4, 70], // gone by the second reading, which reads 0 for it
    ]);
    const after = new Map([
      [1, 300],
      [2, 150],
      [3, 40], // started after the first reading
      [4, 0],
    ]);
    expect(cpuPerRequest(groups, before, after, 100)).toEqual({ a: 3, b: 0.4 });
    expect(cpuPerRequest(groups, before, after, 0).a).toBeNaN();
    expect(readCpu({ me: [process.pid] }).get(process.pid)).toBeGreaterThan(0);
  });
});
