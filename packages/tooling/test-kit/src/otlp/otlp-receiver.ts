import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { bytesOf, readMessage, varintOf, type WireValue } from './protobuf-wire.js';

export type AttributeValue = string | number | boolean;

/** One exported span, as the tests read it (ids in hex, as in traceparent). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, AttributeValue>;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  scope: string;
  /** The resource's attributes (`service.name`, …). */
  resource: Record<string, AttributeValue>;
}

export interface OtlpReceiver {
  /** Give this as OTEL_EXPORTER_OTLP_ENDPOINT (the exporters append /v1/traces). */
  endpoint: string;
  spans(): ReceivedSpan[];
  /** Content types of the exports received so far. */
  contentTypes(): string[];
  close(): Promise<void>;
}

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1 (port 0) that decodes both protocols the server can
 * send: `http/protobuf` (the default) and `http/json`. With `discard`, it only answers (the
 * bench's sink: the exporter's cost without the decoding's).
 */
export async function startOtlpReceiver(options: { discard?: boolean } = {}): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const type = req.headers['content-type'] ?? '';
      const json = type.startsWith('application/json');
      if (!options.discard && req.url === '/v1/traces') {
        contentTypes.push(type);
        const body = Buffer.concat(chunks);
        spans.push(...(json ? fromJson(JSON.parse(body.toString('utf8')) as JsonExport) : fromProtobuf(body)));
      }
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...spans],
    contentTypes: () => [...contentTypes],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- http/json (ids are hex strings, int64 values strings) ---

interface JsonKeyValue {
  key: string;
  value: Record<string, unknown>;
}
interface JsonExport {
  resourceSpans?: {
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        attributes?: JsonKeyValue[];
        status?: { code?: number };
      }[];
    }[];
  }[];
}

function jsonAttributes(list: JsonKeyValue[] = []): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const { key, value } of list) {
    if ('stringValue' in value) out[key] = String(value['stringValue']);
    else if ('intValue' in value) out[key] = Number(value['intValue']);
    else if ('doubleValue' in value) out[key] = Number(value['doubleValue']);
    else if ('boolValue' in value) out[key] = Boolean(value['boolValue']);
  }
  return out;
}

function fromJson(doc: JsonExport): ReceivedSpan[] {
  return (doc.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? '',
        name: s.name,
        kind: s.kind ?? 0,
        attributes: jsonAttributes(s.attributes),
        statusCode: s.status?.code ?? 0,
        scope: ss.scope?.name ?? '',
        resource: jsonAttributes(rs.resource?.attributes),
      })),
    ),
  );
}

// --- http/protobuf (opentelemetry/proto/collector/trace/v1, trace/v1, common/v1) ---

function anyValue(fields: Map<number, WireValue[]>): AttributeValue | undefined {
  const text = bytesOf(fields, 1)[0];
  if (text) return text.toString('utf8');
  const bool = varintOf(fields, 2);
  if (bool !== undefined) return bool === 1n;
  const int = varintOf(fields, 3);
  if (int !== undefined) return Number(BigInt.asIntN(64, int));
  const double = fields.get(4)?.[0];
  if (double?.kind === 'fixed') return double.value.readDoubleLE(0);
  return undefined;
}

function protobufAttributes(list: Buffer[]): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const entry of list) {
    const keyValue = readMessage(entry);
    const key = bytesOf(keyValue, 1)[0]?.toString('utf8');
    const value = bytesOf(keyValue, 2)[0];
    const decoded = value ? anyValue(readMessage(value)) : undefined;
    if (key !== undefined && decoded !== undefined) out[key] = decoded;
  }
  return out;
}

function fromProtobuf(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of bytesOf(readMessage(body), 1)) {
    const rs = readMessage(resourceSpans);
    const resource = bytesOf(rs, 1)[0];
    const resourceAttributes = resource ? protobufAttributes(bytesOf(readMessage(resource), 1)) : {};
    for (const scopeSpans of bytesOf(rs, 2)) {
      const ss = readMessage(scopeSpans);
      const scope = bytesOf(ss, 1)[0];
      const scopeName = scope ? (bytesOf(readMessage(scope), 1)[0]?.toString('utf8') ?? '') : '';
      for (const encoded of bytesOf(ss, 2)) {
        const span = readMessage(encoded);
        const status = bytesOf(span, 15)[0];
        spans.push({
          traceId: bytesOf(span, 1)[0]?.toString('hex') ?? '',
          spanId: bytesOf(span, 2)[0]?.toString('hex') ?? '',
          parentSpanId: bytesOf(span, 4)[0]?.toString('hex') ?? '',
          name: bytesOf(span, 5)[0]?.toString('utf8') ?? '',
          kind: Number(varintOf(span, 6) ?? 0n),
          attributes: protobufAttributes(bytesOf(span, 9)),
          statusCode: status ? Number(varintOf(readMessage(status), 3) ?? 0n) : 0,
          scope: scopeName,
          resource: resourceAttributes,
        });
      }
    }
  }
  return spans;
}
