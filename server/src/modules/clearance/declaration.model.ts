import type { CONTAINER_FIELDS, HEAD_FIELDS, ITEM_FIELDS, LICENCE_FIELDS } from './declaration.fields.ts';

type NamesOf<T extends readonly { name: string }[]> = T[number]['name'];

// Every value of a declaration's content is a string as declared (decimals stay exact decimal
// strings); the field spec says what each may hold.
export type DeclarationHead = Partial<Record<NamesOf<typeof HEAD_FIELDS>, string>>;
export type DeclarationItem = Partial<Record<NamesOf<typeof ITEM_FIELDS>, string>>;
export type DeclarationContainer = Partial<Record<NamesOf<typeof CONTAINER_FIELDS>, string>>;
export type DeclarationLicence = Partial<Record<NamesOf<typeof LICENCE_FIELDS>, string>>;

/** What an enterprise declares: header, items, containers and licences (DecMessage). */
export interface DeclarationContent {
  head: DeclarationHead;
  items: DeclarationItem[];
  containers: DeclarationContainer[];
  licences: DeclarationLicence[];
}

/** What the tariff schedule says about a line that the checks need. */
export interface TariffLineFacts {
  /** Legal (first) unit of measure, 3-digit code. */
  legalUnit?: string;
  secondUnit?: string;
  /** Licences or certificates (监管证件 codes) the goods need, by trade direction. */
  licenceCodes?: { I?: string[]; E?: string[] };
}

/** Reference lookups the checks use, answered for the declaration's date. */
export interface CodeLookup {
  check(
    codeSet: string,
    code: string,
    onDate: string,
  ): { rule: string; params: Record<string, string> } | undefined;
  countryFromIso(iso: string, onDate: string): string | undefined;
  currencyFromIso(iso: string, onDate: string): string | undefined;
  findTariffLine(code: string, onDate: string): unknown;
}
