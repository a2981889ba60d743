import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import type { LogFormat, LogLevelName } from '@marquee/contracts';
import { LoggerModule, type Params } from 'nestjs-pino';
import { destination, type DestinationStream, type LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import pinoPretty from 'pino-pretty';
import { assignRequestId } from './request-id';

export interface LoggingOptions {
  /** Added to every line as `service`. */
  service: string;
  level: LogLevelName;
  format: LogFormat;
  /** Where lines go; stdout when left out. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/**
 * Never logged in clear: the identity cookie, the admin bearer token, a cookie being set.
 * Headers are not in the request lines at all (see the serializers); this covers anything
 * else that logs a request or response object.
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  '*.headers.cookie',
  '*.headers.authorization',
];

/** Routes probed every few seconds: logging each call would drown the useful lines. */
const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/** `auto` is pretty on a terminal, JSON when stdout is a file or a pipe (a log collector). */
export function isPretty(format: LogFormat, stdoutIsTty = Boolean(process.stdout.isTTY)): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTty);
}

function prettyStream(): DestinationStream {
  return pinoPretty({
    sync: true,
    colorize: Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,context,req,res,responseTime',
    messageFormat: '{if context}[{context}] {end}{msg}{if requestId} ({requestId}){end}',
    singleLine: true,
  });
}

/** Bytes of JSON lines gathered before one write to stdout. */
export const LOG_BUFFER_BYTES = 4096;
/** The longest a line waits in the buffer, in ms. */
export const LOG_FLUSH_MS = 1000;

/**
 * JSON lines to stdout in batches: one write per LOG_BUFFER_BYTES or per LOG_FLUSH_MS, instead
 * of one blocking write per line (a system call per request on the gateway and per job on a
 * recommender, and one more in whatever reads the pipe). pino flushes what is left when the
 * process exits, also on a crash.
 */
export function bufferedStdout(): DestinationStream {
  return destination({
    dest: 1,
    sync: false,
    minLength: LOG_BUFFER_BYTES,
    periodicFlush: LOG_FLUSH_MS,
  });
}

/** pino options shared by the HTTP logger and every Nest Logger call. */
export function pinoOptions(
  options: Pick<LoggingOptions, 'service' | 'level'>,
): PinoHttpOptions<IncomingMessage, ServerResponse> & LoggerOptions {
  return {
    level: options.level,
    base: { service: options.service },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    genReqId: assignRequestId,
    customAttributeKeys: { reqId: 'requestId' },
    // Lines logged while handling a request carry its id only, not the whole request.
    quietReqLogger: true,
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => QUIET_PATHS.test(req.url ?? '') },
    customLogLevel: (_req, res, error) =>
      error !== undefined || res.statusCode >= 500 ? 'error' : 'info',
  };
}

/** nestjs-pino's parameters for one service. */
export function loggingParams(options: LoggingOptions): Params {
  const pinoHttp = pinoOptions(options);
  const stream =
    options.destination ?? (isPretty(options.format) ? prettyStream() : bufferedStdout());
  return { pinoHttp: [pinoHttp, stream] };
}

/**
 * Structured logs for a service: one JSON object per line (or pretty lines on a terminal),
 * each HTTP request logged once with its id (x-request-id) and status. Use the app's logger:
 * `app.useLogger(app.get(PinoNestLogger))` (see useStructuredLogs).
 */
export function loggingModule(options: LoggingOptions): DynamicModule {
  return LoggerModule.forRoot(loggingParams(options));
}
