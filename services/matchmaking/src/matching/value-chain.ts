/**
 * Supplier → customer relations between industries, on ISIC Rev.4 code prefixes (a section letter or a
 * division/group/class): the main intermediate-goods and services flows of an input–output table, kept
 * short so every link is one a cluster manager would recognise. A specialization supplies another when one
 * of its ISIC codes starts with a supplier key and one of the other's starts with a listed customer.
 * The table is documented in docs/matching.md; change both together.
 */
export const VALUE_CHAIN: Readonly<Record<string, readonly string[]>> = {
  // Primary sectors
  A01: ['C10', 'C11', 'C13'], // crops and livestock → food, beverages, textile fibres
  A02: ['C16', 'C17'], // forestry → wood, paper
  A03: ['C10'], // fishing and aquaculture → food processing
  B: ['C19', 'C20', 'C23', 'C24', 'D35'], // mining → refining, chemicals, minerals, metals, power
  // Materials
  C19: ['C20', 'C22', 'H49', 'H50', 'H51'], // refined petroleum → chemicals, plastics, transport fuels
  C20: ['A01', 'C13', 'C17', 'C21', 'C22', 'C23', 'C26'], // chemicals → fertiliser, fibres, paper, pharma, plastics, glass, electronics
  C22: ['C10', 'C26', 'C27', 'C29', 'C32'], // rubber and plastics → packaging, electronics, vehicles, medical devices
  C23: ['C26', 'C29', 'F'], // glass and minerals → electronics, vehicles, construction
  C24: ['C25', 'C27', 'C28', 'C29', 'C30', 'F'], // basic metals → metal products, machinery, vehicles, construction
  C25: ['C28', 'C29', 'C30', 'F'], // metal products → machinery, vehicles, construction
  C13: ['C14', 'C29'], // textiles → clothing, vehicle interiors
  C16: ['C17', 'F'], // wood → paper, construction
  C17: ['C10', 'C11', 'J58'], // paper → food packaging, publishing
  // Equipment
  C26: ['C27', 'C28', 'C29', 'C30', 'C32', 'J61'], // electronics → equipment, vehicles, aircraft, medical devices, telecom
  C27: ['C28', 'C29', 'C30', 'D35', 'F'], // electrical equipment and batteries → machinery, vehicles, power, buildings
  C28: ['A01', 'A02', 'B', 'C10', 'C13', 'C20', 'C21', 'C24', 'C29', 'C30', 'D35'], // machinery → the industries it equips
  C29: ['H49'], // motor vehicles → road transport
  C301: ['A03', 'H50'], // ships → fishing, water transport
  C303: ['H51'], // aircraft → air transport
  // Utilities
  D35: ['C20', 'C23', 'C24', 'J63'], // power → energy-intensive industry, data centres
  E: ['C20', 'C22', 'C24', 'D35'], // waste and recycling → secondary raw materials, waste-to-energy
  // Services
  H: ['A01', 'A03', 'B', 'C10', 'C20', 'C29', 'I55'], // transport and logistics → the goods they move, tourism
  J58: ['K64', 'K66', 'C28', 'C29', 'D35', 'H', 'I55', 'P85'], // software publishing → digitalising industries
  J62: ['K64', 'K66', 'C28', 'C29', 'C30', 'D35', 'H', 'I55', 'P85'], // programming → the same
  J61: ['J62', 'J63', 'K64', 'K66'], // telecommunications → software, data services, finance
  J59: ['I55', 'N79'], // film and video → tourism promotion
  R90: ['I55', 'N79'], // creative arts → tourism
  C10: ['I55'], // food → hotels and restaurants
  C11: ['I55'], // beverages → hotels and restaurants
  M72: ['A01', 'C20', 'C21', 'C24', 'C26', 'C27', 'C28', 'C29', 'C30', 'D35'], // research → research-intensive industry
  P85: ['M72', 'J62', 'C21', 'C26'], // education → talent for research and knowledge-intensive industry
};

const SUPPLIERS = Object.entries(VALUE_CHAIN);

/** One of `supplier`'s ISIC codes supplies one of `customer`'s, by the table above. */
export function suppliesByIsic(supplier: readonly string[], customer: readonly string[]): boolean {
  return SUPPLIERS.some(
    ([key, customers]) =>
      supplier.some((code) => code.startsWith(key)) &&
      customers.some((c) => customer.some((code) => code.startsWith(c))),
  );
}
