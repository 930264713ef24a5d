import type { HttpApp } from '../../http/index.ts';
import { DEFAULT_XML_LIMITS, parseXml, type XmlLimits } from './xml-parser.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `bytes`: the route takes its XML body unparsed, as `XmlBytes`, and parses it itself (off the
     * request thread, say); otherwise the body arrives parsed, as an `XmlDocument`.
     */
    xmlBody?: 'bytes';
  }
}

/** An XML body as received, with the limits its parse must apply (route config `xmlBody: 'bytes'`). */
export class XmlBytes {
  constructor(
    readonly bytes: Buffer,
    readonly limits: XmlLimits,
  ) {}
}

/**
 * Lets gateway routes take official XML (`application/xml`, `text/xml`): the body arrives as a
 * hardened, parsed `XmlDocument`, or the request fails with an `EXCHANGE.XML_*` error envelope.
 * The charset of the Content-Type header is ignored: the XML prolog names the encoding.
 */
export function registerXmlContentTypes(app: HttpApp, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  app.addContentTypeParser(
    ['application/xml', 'text/xml'],
    { parseAs: 'buffer', bodyLimit: limits.maxBytes },
    (request, body, done) => {
      if (request.routeOptions.config?.xmlBody === 'bytes')
        return done(null, new XmlBytes(body as Buffer, limits));
      try {
        done(null, parseXml(body as Buffer, limits));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
