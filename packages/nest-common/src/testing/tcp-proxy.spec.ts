import { type Server, type Socket, connect, createServer } from 'node:net';
import { TcpProxy } from './tcp-proxy';

/** A server that answers every chunk with "echo:" and the chunk. */
async function startEcho(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on('data', (chunk) => socket.write(`echo:${chunk.toString()}`));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The next bytes the socket receives, or null when none come within `ms`. */
function nextData(socket: Socket, ms = 1_000): Promise<string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off('data', onData);
      resolve(null);
    }, ms);
    const onData = (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString());
    };
    socket.once('data', onData);
  });
}

describe('TcpProxy', () => {
  let echo: { server: Server; port: number };
  let proxy: TcpProxy;

  beforeEach(async () => {
    echo = await startEcho();
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: echo.port });
  });

  afterEach(async () => {
    await proxy.close();
    await new Promise((resolve) => echo.server.close(resolve));
  });

  it('forwards both ways, and rewrites a URL to point at itself', async () => {
    const socket = await open(proxy.port);
    socket.write('hello');
    await expect(nextData(socket)).resolves.toBe('echo:hello');
    socket.destroy();
    expect(proxy.rewrite('postgresql://u@db.example:5432/x?a=1')).toBe(
      `postgresql://u@127.0.0.1:${proxy.port}/x?a=1`,
    );
  });

  it('cut: closes open connections and refuses new ones until resumed', async () => {
    const socket = await open(proxy.port);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await proxy.cut();
    await closed;
    await expect(open(proxy.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await proxy.resume();
    const again = await open(proxy.port);
    again.write('back');
    await expect(nextData(again)).resolves.toBe('echo:back');
    again.destroy();
  });

  it('pause: keeps connections open but holds every byte until resumed, then delivers them', async () => {
    const socket = await open(proxy.port);
    proxy.pause();
    socket.write('held');
    await expect(nextData(socket, 300)).resolves.toBeNull();
    const late = await open(proxy.port); // accepted, like a stopped server's kernel does
    late.write('late');
    await expect(nextData(late, 200)).resolves.toBeNull();
    const answers = Promise.all([nextData(socket), nextData(late)]);
    await proxy.resume();
    await expect(answers).resolves.toEqual(['echo:held', 'echo:late']);
    socket.destroy();
    late.destroy();
  });
});
