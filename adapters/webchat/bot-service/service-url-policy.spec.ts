import { describe, expect, it } from '@jest/globals';
import { BOT_FRAMEWORK_SERVICE_HOSTS } from '../../../src/config/config.schema.js';
import { hostMatches, isLoopbackAddress, serviceUrlRefusal } from './service-url-policy.js';

const signed = { anonymous: false, trustedHosts: BOT_FRAMEWORK_SERVICE_HOSTS } as const;
const anonymous = { anonymous: true } as const;

describe(serviceUrlRefusal.name, () => {
  it.each([
    'https://directline.botframework.com/',
    'https://europe.directline.botframework.com/',
    'https://webchat.botframework.com',
    'https://smba.trafficmanager.net/emea/',
    'https://smba.infra.gcc.teams.microsoft.com/teams',
    'https://directline.botframework.azure.us/',
  ])('lets signed activities from %s be answered', (url) => {
    expect(serviceUrlRefusal(url, signed)).toBeNull();
  });

  it.each([
    ['http://directline.botframework.com/', 'must be an https URL'],
    ['https://botframework.com.attacker.example/', 'is not a trusted Bot Framework service URL'],
    ['https://attacker.example/botframework.com', 'is not a trusted Bot Framework service URL'],
    ['https://evilbotframework.com/', 'is not a trusted Bot Framework service URL'],
    ['http://127.0.0.1:3225/internal/admin', 'is not a trusted Bot Framework service URL'],
    ['http://169.254.169.254/metadata', 'must be an https URL'],
    ['https://directline.botframework.com/?x=', 'may not carry credentials, a query or a fragment'],
    ['https://user:pw@directline.botframework.com/', 'may not carry credentials, a query or a fragment'],
    ['ftp://directline.botframework.com/', 'must be an http or https URL'],
    ['not a url', 'is not a URL'],
  ])('refuses signed activities naming %s', (url, reason) => {
    expect(serviceUrlRefusal(url, signed)).toBe(reason);
  });

  it('takes a loopback host that an operator trusts, as a local proxy or test channel would be', () => {
    expect(serviceUrlRefusal('http://127.0.0.1:4000', { anonymous: false, trustedHosts: ['127.0.0.1'] })).toBeNull();
  });

  it.each(['http://localhost:53472', 'http://127.0.0.1:9000/', 'http://[::1]:9000'])('answers the Emulator on this machine at %s', (url) => {
    expect(serviceUrlRefusal(url, anonymous)).toBeNull();
  });

  it.each([
    ['https://directline.botframework.com/', 'must be on this machine when /api/messages is anonymous'],
    ['http://10.0.0.5:80/', 'must be on this machine when /api/messages is anonymous'],
    ['http://127.0.0.1:3225/internal/admin?x=', 'may not carry credentials, a query or a fragment'],
  ])('refuses anonymous activities naming %s', (url, reason) => {
    expect(serviceUrlRefusal(url, anonymous)).toBe(reason);
  });
});

describe(hostMatches.name, () => {
  it('matches a wildcard on subdomains only, and an exact name exactly', () => {
    expect(hostMatches('a.b.botframework.com', '*.botframework.com')).toBe(true);
    expect(hostMatches('botframework.com', '*.botframework.com')).toBe(false);
    expect(hostMatches('SMBA.trafficmanager.net.', 'smba.trafficmanager.net')).toBe(true);
    expect(hostMatches('x.smba.trafficmanager.net', 'smba.trafficmanager.net')).toBe(false);
  });
});

describe(isLoopbackAddress.name, () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:192.0.2.1', false],
    [undefined, false],
    ['', false],
  ])('%s is loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});
