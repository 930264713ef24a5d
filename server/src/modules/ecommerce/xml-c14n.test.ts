import { describe, expect, it } from 'vitest';
import { canonicalize, parseForC14n } from './xml-c14n.ts';

const c14n = (xml: string) => {
  const document = parseForC14n(xml);
  return canonicalize(document.root, { document });
};

// Examples of Canonical XML 1.0 (W3C REC-xml-c14n-20010315 §3), without their DOCTYPEs.
describe('Canonical XML 1.0 without comments', () => {
  it('drops the declaration and comments, keeps processing instructions around the root (§3.1)', () => {
    const input = `<?xml version="1.0"?>\n\n<?xml-stylesheet   href="doc.xsl"\n   type="text/xsl"   ?>\n\n<doc>Hello, world!<!-- Comment 1 --></doc>\n\n<?pi-without-data     ?>\n\n<!-- Comment 2 -->\n\n<!-- Comment 3 -->`;
    expect(c14n(input)).toBe(
      `<?xml-stylesheet href="doc.xsl"\n   type="text/xsl"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>`,
    );
  });

  it('writes start and end tags, sorts namespaces and attributes, drops superfluous declarations (§3.3)', () => {
    const input = `<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
         </e8>
      </e7>
   </e6>
</doc>`;
    expect(c14n(input)).toBe(`<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="">
            <e9 xmlns:a="http://www.ietf.org"></e9>
         </e8>
      </e7>
   </e6>
</doc>`);
  });

  it('normalises line ends, expands references and CDATA, escapes text and attributes (§3.4)', () => {
    const input = `<doc>
   <text>First line&#x0d;&#10;Second line</text>
   <value>&#x32;</value>
   <compute><![CDATA[value>"0" && value<"10" ?"valid":"error"]]></compute>
   <compute expr='value>"0" &amp;&amp; value&lt;"10" ?"valid":"error"'>valid</compute>
   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>
</doc>`;
    expect(c14n(input)).toBe(`<doc>
   <text>First line&#xD;
Second line</text>
   <value>2</value>
   <compute>value&gt;"0" &amp;&amp; value&lt;"10" ?"valid":"error"</compute>
   <compute expr="value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;">valid</compute>
   <norm attr=" '    &#xD;&#xA;&#x9;   ' "></norm>
</doc>`);
  });

  it('gives a subset apex every namespace in scope and its inherited xml: attributes', () => {
    const document = parseForC14n(
      `<r xmlns:ceb="urn:c" xml:lang="zh"><ds:S xmlns:ds="urn:d"><ds:I a="1"><ceb:x/></ds:I></ds:S></r>`,
    );
    const signature = document.root.children[0] as Parameters<typeof canonicalize>[0];
    const info = signature.children[0] as Parameters<typeof canonicalize>[0];
    expect(canonicalize(info)).toBe(
      '<ds:I xmlns:ceb="urn:c" xmlns:ds="urn:d" a="1" xml:lang="zh"><ceb:x></ceb:x></ds:I>',
    );
    expect(canonicalize(document.root, { exclude: (e) => e === signature })).toBe(
      '<r xmlns:ceb="urn:c" xml:lang="zh"></r>',
    );
  });
});
