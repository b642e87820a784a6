/** A minimal XML writer driven by model shapes, shared by the Query and REST-XML protocols. */
import type { Shape } from '../models';

const XML_SPECIAL = /[&<>"'\r]/;
const XML_SPECIAL_ALL = /[&<>"'\r]/g;
const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;',
};

export function escapeXml(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL_ALL, (c) => XML_ENTITIES[c]) : text;
}

const isoCache = new WeakMap<Date, string>();

/** ISO 8601 to the second, as IAM and STS write their timestamps. Cached: state dates are written again and again. */
export function isoSeconds(date: Date): string {
  let text = isoCache.get(date);
  if (text === undefined) {
    text = date.toISOString().slice(0, 19) + 'Z';
    isoCache.set(date, text);
  }
  return text;
}

function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string | number);
}

function toBase64(value: unknown): string {
  if (typeof value === 'string') return Buffer.from(value).toString('base64');
  const bytes = value as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The XML text of one value (without its enclosing element). */
export function xmlValue(shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'structure':
      return xmlMembers(shape, value as Record<string, unknown>);
    case 'list': {
      const item = shape.member!;
      let text = '';
      for (const entry of value as unknown[]) {
        text += `<${item.wireName}>${xmlValue(item.shape, entry)}</${item.wireName}>`;
      }
      return text;
    }
    case 'map': {
      const key = shape.key!;
      const val = shape.value!;
      let text = '';
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const pair = `<${key.wireName}>${escapeXml(k)}</${key.wireName}><${val.wireName}>${xmlValue(val.shape, v)}</${val.wireName}>`;
        text += shape.flattened ? pair : `<entry>${pair}</entry>`;
      }
      return text;
    }
    case 'timestamp':
      return isoSeconds(toDate(value));
    case 'blob':
      return toBase64(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return escapeXml(String(value));
  }
}

/** The elements of a structure's body members, in model order; absent members are left out. */
export function xmlMembers(shape: Shape, value: Record<string, unknown>): string {
  let text = '';
  for (const member of shape.members) {
    if (member.location) continue;
    const item = value[member.name];
    if (item === undefined || item === null) continue;
    const memberShape = member.shape;
    if (memberShape.type === 'list' && member.flattened) {
      const name = memberShape.member!.locationName ?? member.wireName;
      for (const entry of item as unknown[]) text += `<${name}>${xmlValue(memberShape.member!.shape, entry)}</${name}>`;
    } else if (memberShape.type === 'map' && member.flattened) {
      for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
        text += `<${member.wireName}>${xmlValue(memberShape, { [k]: v })}</${member.wireName}>`;
      }
    } else {
      text += `<${member.wireName}>${xmlValue(memberShape, item)}</${member.wireName}>`;
    }
  }
  return text;
}
