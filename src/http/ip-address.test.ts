import { describe, expect, it } from 'vitest';
import { parseIp, specialRangeOf, type Embedding, type RangeName } from './ip-address.js';

function bytesOf(text: string): number[] | null {
  const bytes = parseIp(text);
  return bytes === null ? null : [...bytes];
}

function rangeOf(text: string): { name: RangeName; via?: Embedding } | null {
  const bytes = parseIp(text);
  if (bytes === null) throw new Error(`test address ${text} does not parse`);
  const range = specialRangeOf(bytes);
  if (range === null) return null;
  return range.via === undefined ? { name: range.name } : { name: range.name, via: range.via };
}

describe('parseIp', () => {
  it.each([
    ['0.0.0.0', [0, 0, 0, 0]],
    ['127.0.0.1', [127, 0, 0, 1]],
    ['255.255.255.255', [255, 255, 255, 255]],
    ['203.0.113.10', [203, 0, 113, 10]],
  ])('reads dotted-decimal IPv4 %s', (text, expected) => {
    expect(bytesOf(text)).toEqual(expected);
  });

  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '0177.0.0.1', '01.2.3.4', '0x7f.0.0.1', '2130706433', '127.1', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4 ', '', '1..2.3', 'localhost', '1.2.3.4.'])(
    'refuses %j as IPv4 (only the canonical form reaches the parser)',
    (text) => {
      expect(parseIp(text)).toBeNull();
    },
  );

  it.each([
    ['::', Array<number>(16).fill(0)],
    ['::1', [...Array<number>(15).fill(0), 1]],
    ['1::', [0, 1, ...Array<number>(14).fill(0)]],
    ['1:2:3:4:5:6:7:8', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
    ['1:2:3:4:5:6:7::', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0]],
    ['::2:3:4:5:6:7:8', [0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]],
    ['FE80::ABCD', [0xfe, 0x80, ...Array<number>(12).fill(0), 0xab, 0xcd]],
    ['fe80::1%eth0', [0xfe, 0x80, ...Array<number>(13).fill(0), 1]],
    ['fe80::1%25', [0xfe, 0x80, ...Array<number>(13).fill(0), 1]],
    ['[::1]', [...Array<number>(15).fill(0), 1]],
    ['::ffff:127.0.0.1', [...Array<number>(10).fill(0), 0xff, 0xff, 127, 0, 0, 1]],
    ['::FFFF:7F00:1', [...Array<number>(10).fill(0), 0xff, 0xff, 127, 0, 0, 1]],
    ['0:0:0:0:0:ffff:10.1.2.3', [...Array<number>(10).fill(0), 0xff, 0xff, 10, 1, 2, 3]],
    ['::1.2.3.4', [...Array<number>(12).fill(0), 1, 2, 3, 4]],
    ['1::1.2.3.4', [0, 1, ...Array<number>(10).fill(0), 1, 2, 3, 4]],
    ['1:2:3:4:5:6:1.2.3.4', [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4]],
    ['0001:0002::00ff', [0, 1, 0, 2, ...Array<number>(10).fill(0), 0, 0xff]],
  ])('reads IPv6 %s', (text, expected) => {
    expect(bytesOf(text)).toEqual(expected);
  });

  it.each([
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    '::1:2:3:4:5:6:7:8',
    ':1::',
    '1:',
    ':1',
    '12345::',
    'g::1',
    '::ffff:256.0.0.1',
    '::ffff:127.1',
    '1.2.3.4::',
    '::1.2.3.4:5',
    '1:2:3:4:5:6:7:1.2.3.4',
    'fe80::1%',
    '[::1',
    '::1]',
  ])('refuses %j as IPv6', (text) => {
    expect(parseIp(text)).toBeNull();
  });
});

describe('specialRangeOf for IPv4', () => {
  it.each<[string, RangeName | null]>([
    ['0.0.0.0', 'unspecified'],
    ['0.255.255.255', 'unspecified'],
    ['1.0.0.0', null],
    ['9.255.255.255', null],
    ['10.0.0.0', 'private'],
    ['10.255.255.255', 'private'],
    ['11.0.0.0', null],
    ['100.63.255.255', null],
    ['100.64.0.0', 'shared-cgnat'],
    ['100.127.255.255', 'shared-cgnat'],
    ['100.128.0.0', null],
    ['126.255.255.255', null],
    ['127.0.0.0', 'loopback'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.255', 'loopback'],
    ['128.0.0.0', null],
    ['169.253.255.255', null],
    ['169.254.0.0', 'link-local'],
    ['169.254.169.254', 'link-local'],
    ['169.254.255.255', 'link-local'],
    ['169.255.0.0', null],
    ['172.15.255.255', null],
    ['172.16.0.0', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.0', null],
    ['191.255.255.255', null],
    ['192.0.0.0', 'reserved'],
    ['192.0.0.255', 'reserved'],
    ['192.0.1.0', null],
    ['192.0.2.1', null],
    ['192.167.255.255', null],
    ['192.168.0.0', 'private'],
    ['192.168.255.255', 'private'],
    ['192.169.0.0', null],
    ['198.17.255.255', null],
    ['198.18.0.0', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['198.20.0.0', null],
    ['203.0.113.10', null],
    ['8.8.8.8', null],
    ['223.255.255.255', null],
    ['224.0.0.0', 'multicast'],
    ['239.255.255.255', 'multicast'],
    ['240.0.0.0', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
  ])('%s is %s', (address, expected) => {
    expect(rangeOf(address)?.name ?? null).toBe(expected);
  });
});

describe('specialRangeOf for IPv6', () => {
  it.each<[string, RangeName | null]>([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['::2', 'unspecified'],
    ['100::', 'reserved'],
    ['100::ffff:ffff:ffff:ffff', 'reserved'],
    ['100:0:0:1::', null],
    ['64:ff9b:1::', 'private'],
    ['64:ff9b:1:ffff:ffff:ffff:ffff:ffff', 'private'],
    ['64:ff9b:2::', null],
    ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', null],
    ['fc00::', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'unique-local'],
    ['fe00::', null],
    ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', null],
    ['fe80::', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['FE80::1', 'link-local'],
    ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'link-local'],
    ['fec0::1', 'private'],
    ['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private'],
    ['ff00::', 'multicast'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', null],
    ['2606:4700:4700::1111', null],
    ['2a00:1450:4001:80b::200e', null],
  ])('%s is %s', (address, expected) => {
    expect(rangeOf(address)?.name ?? null).toBe(expected);
  });
});

describe('specialRangeOf for IPv6 forms that embed IPv4', () => {
  it.each<[string, RangeName, Embedding]>([
    ['::ffff:127.0.0.1', 'loopback', 'ipv4-mapped'],
    ['::ffff:7f00:1', 'loopback', 'ipv4-mapped'],
    ['::FFFF:7F00:0001', 'loopback', 'ipv4-mapped'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback', 'ipv4-mapped'],
    ['::ffff:0:0', 'unspecified', 'ipv4-mapped'],
    ['::ffff:0.0.0.0', 'unspecified', 'ipv4-mapped'],
    ['::ffff:a00:1', 'private', 'ipv4-mapped'],
    ['::ffff:172.16.0.1', 'private', 'ipv4-mapped'],
    ['::ffff:192.168.1.1', 'private', 'ipv4-mapped'],
    ['::ffff:169.254.169.254', 'link-local', 'ipv4-mapped'],
    ['::ffff:a9fe:a9fe', 'link-local', 'ipv4-mapped'],
    ['::ffff:100.64.0.1', 'shared-cgnat', 'ipv4-mapped'],
    ['::ffff:224.0.0.1', 'multicast', 'ipv4-mapped'],
    ['::ffff:255.255.255.255', 'broadcast', 'ipv4-mapped'],
    ['::ffff:0:127.0.0.1', 'loopback', 'ipv4-translated'],
    ['::ffff:0:7f00:1', 'loopback', 'ipv4-translated'],
    ['::127.0.0.1', 'loopback', 'ipv4-compatible'],
    ['::7f00:1', 'loopback', 'ipv4-compatible'],
    ['::a9fe:a9fe', 'link-local', 'ipv4-compatible'],
    ['64:ff9b::127.0.0.1', 'loopback', 'nat64'],
    ['64:ff9b::7f00:1', 'loopback', 'nat64'],
    ['64:ff9b::a9fe:a9fe', 'link-local', 'nat64'],
    ['64:ff9b::10.0.0.1', 'private', 'nat64'],
    ['2002:7f00:1::', 'loopback', '6to4'],
    ['2002:7f00:0001:1234::5', 'loopback', '6to4'],
    ['2002:a9fe:a9fe::', 'link-local', '6to4'],
    ['2002:c0a8:101::1', 'private', '6to4'],
    ['2002:0:0::', 'unspecified', '6to4'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback', 'teredo'],
  ])('%s is %s via %s', (address, name, via) => {
    expect(rangeOf(address)).toEqual({ name, via });
  });

  it.each([
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '::ffff:0:8.8.8.8',
    '::8.8.8.8',
    '64:ff9b::8.8.8.8',
    '64:ff9b::203.0.113.10',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
    // One group off each embedding prefix: no longer an embedding, and public.
    '::fffe:7f00:1',
    '1::ffff:7f00:1',
    '64:ff9c::7f00:1',
    '2003:7f00:1::',
    '2001:1:0:0:0:0:80ff:fffe',
  ])('%s embeds a public address or none, so it is public', (address) => {
    expect(rangeOf(address)).toBeNull();
  });
});
