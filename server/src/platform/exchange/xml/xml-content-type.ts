import type { HttpApp } from '../../http/index.ts';
import { DEFAULT_XML_LIMITS, parseXml, type XmlLimits } from './xml-parser.ts';

/**
 * Lets gateway routes take official XML (`application/xml`, `text/xml`): the body arrives as a
 * hardened, parsed `XmlDocument`, or the request fails with an `EXCHANGE.XML_*` error envelope.
 * The charset of the Content-Type header is ignored: the XML prolog names the encoding.
 */
export function registerXmlContentTypes(app: HttpApp, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  app.addContentTypeParser(
    ['application/xml', 'text/xml'],
    { parseAs: 'buffer', bodyLimit: limits.maxBytes },
    (_request, body, done) => {
      try {
        done(null, parseXml(body as Buffer, limits));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
