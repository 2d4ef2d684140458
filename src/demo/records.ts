import { daysAgo, pick, uuidV7, type DemoContext } from './util.ts';

/** One asset: the contact it is assigned to (null: the organization's only) and its serial number. */
type AssetRow = [
  key: string,
  org: string,
  contact: string | null,
  name: string,
  type: string,
  serial: string,
];

// One asset a row, like a table.
// prettier-ignore
const ASSETS: AssetRow[] = [
  ['almond_projector_12', 'almond', null, 'Projector – Room 12', 'Projector', 'EPS-685WI-X4K2201'],
  ['almond_doccam', 'almond', 'rachel', 'Document camera – Room 7', 'Document camera', 'IPEVO-V4K-77310'],
  ['almond_printer', 'almond', 'linda', 'Front office printer', 'Printer', 'HP-M479-CNB9K1'],
  ['tom_laptop', 'almond', 'tom', 'Teacher laptop – T. Becker', 'Laptop', 'LEN-T14-PF3QX8'],
  ['almond_scanner', 'almond', null, 'Library circulation desk scanner', 'Barcode scanner', 'ZEB-DS2208-5521'],
  ['birch_ap_gym', 'birch', null, 'Wi-Fi access point – Gym', 'Access point', 'UBQ-U6P-88F1'],
  ['cedar_lab_switch', 'cedar', null, 'Computer lab switch', 'Network switch', 'ARU-2930F-SG48'],
  ['kevin_laptop', 'cedar', 'kevin', 'Technician laptop – K. Walsh', 'Laptop', 'DEL-5440-9GH2Q'],
  ['district_firewall', 'district', 'dana', 'District firewall', 'Firewall', 'FGT-100F-FG10E0'],
  ['nw_fileserver', 'northwind', 'andrew', 'File server NW-FS01', 'Server', 'HPE-DL380-CZJ2'],
  ['nw_laura_pc', 'northwind', 'laura', 'Workstation – L. Callahan', 'Desktop', 'DEL-7010-4KD9'],
  ['nw_old_nas', 'northwind', null, 'Backup NAS (old)', 'NAS', 'SYN-DS918-1770'],
  ['nw_label_printer', 'northwind', 'janet', 'Label printer – Tacoma dock 3', 'Printer', 'ZEB-ZT411-0042'],
  ['contoso_xray', 'contoso', null, 'Panoramic X-ray workstation', 'Workstation', 'DEL-P3660-XR01'],
  ['eastside_reception_pc', 'eastside', 'maya', 'Reception PC – Eastside', 'Desktop', 'HP-400G9-EAST1'],
  ['fabrikam_plotter', 'fabrikam', null, 'Large-format plotter', 'Plotter', 'HP-T830-FAB22'],
];

/** Configuration notes, by asset key. */
const NOTES: Record<string, string> = {
  almond_projector_12:
    'Epson EB-685Wi, ceiling mount. Input HDMI1 from the wall plate. Lamp hours 3,120 at last check.',
  almond_printer:
    'IP 10.20.1.25 (reserved). Tray 2 = letterhead. Scan-to-mail uses scanner@almond.shoestring.example.',
  birch_ap_gym: 'Channel 36/80 MHz, SSID SSSD-Staff + SSSD-Student. PoE from closet B2, port 14.',
  cedar_lab_switch:
    'VLAN 30 students, VLAN 10 staff. Uplink port 48 to core. Config backup nightly to the district NAS.',
  district_firewall:
    'FortiGate 100F, firmware 7.2.8. Web filter profile "Schools". Admin access only from VLAN 99.',
  nw_fileserver: 'Windows Server 2022. D: shares (Accounting, Sales, Warehouse). Backups 22:00 to NW-BK01.',
  nw_old_nas: 'Replaced by NW-BK01. Disks wiped and certificate of destruction filed.',
  contoso_xray:
    'Imaging software licence dongle on rear USB. Do not apply Windows feature updates without vendor OK.',
};

const RETIRED = new Set(['nw_old_nas']);

export async function seedAssets(ctx: DemoContext): Promise<void> {
  const { trx, now } = ctx;
  // NOTES and RETIRED name assets by key: a misspelt key would silently lose its note or status.
  const keys = new Set(ASSETS.map(([key]) => key));
  for (const key of [...Object.keys(NOTES), ...RETIRED])
    if (!keys.has(key)) throw new Error(`demo data: unknown asset key '${key}'`);
  for (const [i, [key, org, contact, name, type, serial]] of ASSETS.entries()) {
    const at = daysAgo(now, 300 - i * 4);
    const row = await trx
      .insertInto('assets')
      .values({
        id: uuidV7(at),
        organization_id: pick(ctx.orgs, org),
        contact_id: contact ? pick(ctx.contacts, contact).id : null,
        name,
        asset_type: type,
        serial_number: serial,
        status: RETIRED.has(key) ? 'retired' : 'active',
        config_notes: NOTES[key] ?? '',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.assets[key] = row.id;
  }
}
