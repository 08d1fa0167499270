/**
 * Just enough of the protobuf wire format to read an OTLP export without generated code: a
 * message is a list of (field number, value), where a value is a varint, 8 or 4 bytes, or a
 * length-delimited slice (a string, bytes or a nested message, told apart by the schema).
 */
export type WireValue =
  { kind: 'varint'; value: bigint } | { kind: 'bytes'; value: Buffer } | { kind: 'fixed'; value: Buffer };

export function readMessage(buffer: Buffer): Map<number, WireValue[]> {
  const fields = new Map<number, WireValue[]>();
  let offset = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buffer[offset++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (offset < buffer.length) {
    const key = Number(varint());
    const field = key >>> 3;
    let value: WireValue;
    switch (key & 7) {
      case 0:
        value = { kind: 'varint', value: varint() };
        break;
      case 1:
        value = { kind: 'fixed', value: buffer.subarray(offset, (offset += 8)) };
        break;
      case 2: {
        const length = Number(varint());
        value = { kind: 'bytes', value: buffer.subarray(offset, (offset += length)) };
        break;
      }
      case 5:
        value = { kind: 'fixed', value: buffer.subarray(offset, (offset += 4)) };
        break;
      default:
        throw new Error(`unsupported wire type ${key & 7}`);
    }
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

export function bytesOf(fields: Map<number, WireValue[]>, field: number): Buffer[] {
  return (fields.get(field) ?? []).flatMap((v) => (v.kind === 'bytes' ? [v.value] : []));
}

export function varintOf(fields: Map<number, WireValue[]>, field: number): bigint | undefined {
  const value = fields.get(field)?.[0];
  return value?.kind === 'varint' ? value.value : undefined;
}
