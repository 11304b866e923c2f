// CSV moved to the kit (the surveys' response export writes it too); registry's importers keep this path.
export { CsvSyntaxError, type CsvRecord, guardFormula, parseCsv, unguardFormula, writeCsv } from '@ccp/kit';
