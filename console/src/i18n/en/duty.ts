/** the duty explanation, sentence by sentence. */
export const duty = {
  'duty.valuation.goods': 'Goods {amount} {currency} × rate {exchangeRate} = {cny} CNY ({terms})',
  'duty.valuation.freight_share': 'Freight {total} × share {share} = {amount}',
  'duty.valuation.freight_rate': 'Freight {base} × {percent}% = {amount}',
  'duty.valuation.insurance_share': 'Insurance {total} × share {share} = {amount}',
  'duty.valuation.insurance_rate': 'Insurance {base} × {percent}% = {amount}',
  'duty.valuation.insurance_statutory':
    'Insurance not declared, statutory {percent}%: {base} × {percent}% = {amount}',
  'duty.valuation.other_share': 'Other charges {total} × share {share} = {amount}',
  'duty.valuation.other_rate': 'Other charges {base} × {percent}% = {amount}',
  'duty.valuation.dutiable_value': 'Dutiable value {raw} → {value} CNY (rounded to the fen)',
  'duty.rate.general_unknown_origin': 'Origin unknown: the general rate applies (Customs Duty Law, art. 14)',
  'duty.rate.general_no_mfn':
    'Origin {origin} has no MFN treatment: the general rate applies, no provisional rate',
  'duty.rate.mfn': 'MFN rate',
  'duty.rate.provisional': 'A provisional rate replaces the MFN rate',
  'duty.rate.conventional_lower':
    'The conventional rate of {agreement} for origin {origin} levies less: the lower applies',
  'duty.rate.consumption': 'Consumption tax on the composed price',
  'duty.rate.vat': 'Import VAT on dutiable value + duty + consumption tax',
  'duty.quantity.legal': 'on the legal quantity {quantity} (unit {unit})',
  'duty.quantity.second': 'on the second legal quantity {quantity} (unit {unit})',
  'duty.quantity.declared': 'on the declared quantity {quantity} (unit {unit})',
  'duty.quantity.converted':
    'on the legal quantity {legalQuantity} (unit {legalUnit}) / {divisor} = {quantity} (unit {unit})',
  'duty.relief.levy': 'Levied per the rules',
  'duty.relief.half': 'Half levy: half of each tax is levied',
  'duty.relief.exempt': 'Exempt',
  'duty.relief.special_case':
    'Special case: levied per the rules here; the approved reduction is the officer’s to apply',
  'duty.relief.deposit': 'Deposit: assessed in full, secured by a deposit',
  'duty.relief.guarantee': 'Guarantee: assessed in full, secured by a guarantee',
  'duty.relief.half_supplementary':
    'Half supplementary levy: half of each tax is levied as supplementary tax',
  'duty.relief.refund': 'Refunded in full',
  'duty.relief.levy_nature_exempt': 'Per levy nature: levy nature {levyNature} ({programme}) is exempt',
  'duty.relief.levy_nature_levied':
    'Per levy nature: levy nature {levyNature} has no known exemption; levied per the rules',
  'duty.relief.unknown_mode': 'Duty mode {dutyMode}: levied per the rules',
  'duty.note.export':
    'Export: import VAT and consumption tax do not apply; the schedule holds no export duty rates',
  'duty.note.waived': '{kind} of {total} CNY for the declaration is under {floor} CNY: not levied',
  'duty.note.sample': 'SAMPLE rates: illustrative, not the official schedule',
  'duty.programme.201': 'free aid',
  'duty.programme.801': 'disaster relief donations',
  'duty.programme.802': 'poverty relief and charity',
};
