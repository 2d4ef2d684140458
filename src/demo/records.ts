import { daysAgo, pick, uuidV7, type DemoContext } from './util.ts';

type AssetSpec = {
  key: string;
  org: string;
  /** The contact the asset is assigned to; without it the asset belongs to the organization only. */
  contact?: string;
  name: string;
  type: string;
  serial: string;
  retired?: boolean;
  notes?: string;
};

const ASSETS: AssetSpec[] = [
  {
    key: 'almond_projector_12',
    org: 'almond',
    name: 'Projector – Room 12',
    type: 'Projector',
    serial: 'EPS-685WI-X4K2201',
    notes: 'Epson EB-685Wi, ceiling mount. Input HDMI1 from the wall plate. Lamp hours 3,120 at last check.',
  },
  {
    key: 'almond_doccam',
    org: 'almond',
    contact: 'rachel',
    name: 'Document camera – Room 7',
    type: 'Document camera',
    serial: 'IPEVO-V4K-77310',
  },
  {
    key: 'almond_printer',
    org: 'almond',
    contact: 'linda',
    name: 'Front office printer',
    type: 'Printer',
    serial: 'HP-M479-CNB9K1',
    notes:
      'IP 10.20.1.25 (reserved). Tray 2 = letterhead. Scan-to-mail uses scanner@almond.shoestring.example.',
  },
  {
    key: 'tom_laptop',
    org: 'almond',
    contact: 'tom',
    name: 'Teacher laptop – T. Becker',
    type: 'Laptop',
    serial: 'LEN-T14-PF3QX8',
  },
  {
    key: 'almond_scanner',
    org: 'almond',
    name: 'Library circulation desk scanner',
    type: 'Barcode scanner',
    serial: 'ZEB-DS2208-5521',
  },
  {
    key: 'birch_ap_gym',
    org: 'birch',
    name: 'Wi-Fi access point – Gym',
    type: 'Access point',
    serial: 'UBQ-U6P-88F1',
    notes: 'Channel 36/80 MHz, SSID SSSD-Staff + SSSD-Student. PoE from closet B2, port 14.',
  },
  {
    key: 'cedar_lab_switch',
    org: 'cedar',
    name: 'Computer lab switch',
    type: 'Network switch',
    serial: 'ARU-2930F-SG48',
    notes:
      'VLAN 30 students, VLAN 10 staff. Uplink port 48 to core. Config backup nightly to the district NAS.',
  },
  {
    key: 'kevin_laptop',
    org: 'cedar',
    contact: 'kevin',
    name: 'Technician laptop – K. Walsh',
    type: 'Laptop',
    serial: 'DEL-5440-9GH2Q',
  },
  {
    key: 'district_firewall',
    org: 'district',
    contact: 'dana',
    name: 'District firewall',
    type: 'Firewall',
    serial: 'FGT-100F-FG10E0',
    notes: 'FortiGate 100F, firmware 7.2.8. Web filter profile "Schools". Admin access only from VLAN 99.',
  },
  {
    key: 'nw_fileserver',
    org: 'northwind',
    contact: 'andrew',
    name: 'File server NW-FS01',
    type: 'Server',
    serial: 'HPE-DL380-CZJ2',
    notes: 'Windows Server 2022. D: shares (Accounting, Sales, Warehouse). Backups 22:00 to NW-BK01.',
  },
  {
    key: 'nw_laura_pc',
    org: 'northwind',
    contact: 'laura',
    name: 'Workstation – L. Callahan',
    type: 'Desktop',
    serial: 'DEL-7010-4KD9',
  },
  {
    key: 'nw_old_nas',
    org: 'northwind',
    name: 'Backup NAS (old)',
    type: 'NAS',
    serial: 'SYN-DS918-1770',
    retired: true,
    notes: 'Replaced by NW-BK01. Disks wiped and certificate of destruction filed.',
  },
  {
    key: 'nw_label_printer',
    org: 'northwind',
    contact: 'janet',
    name: 'Label printer – Tacoma dock 3',
    type: 'Printer',
    serial: 'ZEB-ZT411-0042',
  },
  {
    key: 'contoso_xray',
    org: 'contoso',
    name: 'Panoramic X-ray workstation',
    type: 'Workstation',
    serial: 'DEL-P3660-XR01',
    notes:
      'Imaging software licence dongle on rear USB. Do not apply Windows feature updates without vendor OK.',
  },
  {
    key: 'eastside_reception_pc',
    org: 'eastside',
    contact: 'maya',
    name: 'Reception PC – Eastside',
    type: 'Desktop',
    serial: 'HP-400G9-EAST1',
  },
  {
    key: 'fabrikam_plotter',
    org: 'fabrikam',
    name: 'Large-format plotter',
    type: 'Plotter',
    serial: 'HP-T830-FAB22',
  },
];

export async function seedAssets(ctx: DemoContext): Promise<void> {
  const { trx, now } = ctx;
  for (const [i, a] of ASSETS.entries()) {
    const at = daysAgo(now, 300 - i * 4);
    const row = await trx
      .insertInto('assets')
      .values({
        id: uuidV7(at),
        organization_id: pick(ctx.orgs, a.org),
        contact_id: a.contact ? pick(ctx.contacts, a.contact).id : null,
        name: a.name,
        asset_type: a.type,
        serial_number: a.serial,
        status: a.retired ? 'retired' : 'active',
        config_notes: a.notes ?? '',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.assets[a.key] = row.id;
  }
}
