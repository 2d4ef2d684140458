import type { TicketSpec } from './ticket-spec.ts';

/** Tickets of the companies: Northwind Traders, Contoso Dental (and Eastside), Fabrikam Architects. */
export const COMPANY_TICKETS: TicketSpec[] = [
  {
    by: 'laura',
    subject: 'Invoice shows the wrong purchase order number',
    text: 'The latest managed-services invoice carries PO 4500-118 but this quarter our PO is 4500-162.',
    status: 'open',
    priority: 'normal',
    created: 2.5,
    active: 0.6,
    thread: `
      admin: Thanks Laura, you are right. We will reissue the invoice with PO 4500-162 this week.
      me: Thank you. Please send it to ap@northwind.example as well.
    `,
  },
  {
    by: 'laura',
    subject: 'Reset MFA after phone replacement',
    text: 'I got a new phone and can no longer approve sign-ins.',
    status: 'closed',
    priority: 'normal',
    private: true,
    created: 13.3,
    active: 12.9,
    thread: `
      agent: MFA has been reset. At your next sign-in you will be asked to register the new phone.
      me: Done, all good.
    `,
  },
  {
    by: 'steven',
    subject: 'Accounting software slow at month end',
    text: 'During month-end closing the accounting software takes a minute to open each ledger.',
    status: 'pending',
    priority: 'high',
    created: 5.4,
    active: 1.0,
    asset: 'nw_fileserver',
    thread: `
      agent: The company database sits on NW-FS01, which is at 92% disk and busy with the backup at the same time.
      note: Move backup window to 23:30 on closing days; see disk space ticket.
      agent: We moved the backup window. Please tell us after this month-end whether it is faster.
    `,
  },
  {
    by: 'andrew',
    subject: 'File server NW-FS01 disk at 92%',
    text: 'Monitoring alert: D: on NW-FS01 is at 92%. Growth is about 1% a week.',
    status: 'open',
    priority: 'urgent',
    was: 'high',
    created: 1.0,
    active: 0.05,
    asset: 'nw_fileserver',
    thread: `
      agent: We found 180 GB of old scanner output in the Warehouse share. May we archive it to the backup appliance?
      me: Yes, archive everything older than two years.
      note: Archive job running, ETA 2 h. Then extend D: by 200 GB from the spare pool.
    `,
    emails: [
      {
        public: true,
        inbound: true,
        body: 'Go ahead with the archive, Janet confirmed nobody needs the 2022 scans.\n\nAndrew',
      },
      {
        public: true,
        body: 'Hello Andrew,\n\nthe archive job is running; we expect it to finish in about two hours.\n\nSam',
      },
    ],
  },
  {
    by: 'andrew',
    subject: 'VPN for the Tacoma warehouse',
    text: 'The warehouse needs a site-to-site VPN to HQ so the handhelds can reach the ERP directly.',
    status: 'pending',
    priority: 'normal',
    created: 15.2,
    active: 5.1,
    thread: `
      agent: We need the public IP of the Tacoma router and a contact on site for the cut-over.
      me: Janet Leverling is the contact; the IP is in the attachment.
      agent: Thanks. Waiting for the ISP to open UDP 500/4500 at Tacoma.
    `,
    files: [
      {
        name: 'tacoma-router.txt',
        text: 'Tacoma router WAN: 203.0.113.47\nISP: Cascade Fiber, circuit CF-88213\n',
        public: true,
        by: 'me',
      },
    ],
  },
  {
    by: 'andrew',
    subject: 'Replace the retired NAS with the new backup appliance',
    text: 'The old Synology is out of warranty. Please install the approved backup appliance and migrate the jobs.',
    status: 'closed',
    priority: 'normal',
    created: 45.3,
    active: 32.2,
    asset: 'nw_old_nas',
    thread: `
      agent: The appliance NW-BK01 is installed and the first full backup finished overnight.
      agent: All jobs migrated, the old NAS is wiped. Certificate of destruction is in your documents.
      me: Perfect, thank you.
    `,
    charge: ['Backup appliance installation and migration', 6, 12000],
  },
  {
    by: 'janet',
    subject: 'Label printer at dock 3 prints blank labels',
    text: 'The label printer at Tacoma dock 3 feeds labels but prints nothing on them.',
    status: 'open',
    priority: 'normal',
    created: 3.1,
    active: 0.9,
    asset: 'nw_label_printer',
    thread: `
      agent: That usually means the ribbon is inserted the wrong way round or the media type is set to direct thermal.
      me: Ribbon looks right. Photo of the settings screen attached.
    `,
    files: [
      {
        name: 'dock3-printer-settings.txt',
        text: 'Media type: Direct thermal\nDarkness: 12\nPrint speed: 6 ips\n',
        public: true,
        by: 'me',
      },
    ],
  },
  {
    by: 'janet',
    subject: 'Warehouse handheld scanners need an OS update',
    text: 'The vendor says our 14 handheld scanners need the March OS update for the new ERP client.',
    status: 'open',
    priority: 'low',
    created: 6.2,
    active: 6.2,
  },
  {
    by: 'nancy',
    subject: 'CRM sync error on the sales laptop',
    text: 'Phoned in by Nancy: the CRM add-in shows "sync failed" since the Outlook update.',
    status: 'closed',
    priority: 'normal',
    created: 21.4,
    active: 20.2,
    thread: `
      agent: Re-registered the CRM add-in remotely while Nancy was on the phone. Sync works again.
    `,
  },
  {
    by: 'michael',
    subject: 'Handover: admin passwords to rotate',
    text: 'I am leaving at the end of the month. Please rotate the warehouse admin passwords I know after my last day.',
    status: 'closed',
    priority: 'high',
    created: 50.2,
    active: 47.8,
    thread: `
      agent: Noted. We will rotate them on the 1st and hand the new ones to Andrew.
      note: Rotated 11 credentials, vault entries updated, Andrew informed by phone.
    `,
  },
  {
    by: 'grace',
    subject: 'Panoramic X-ray workstation will not start the imaging software',
    text: 'The imaging software says "licence not found" this morning. We have patients booked for panoramic X-rays all day.',
    status: 'open',
    priority: 'urgent',
    created: 0.8,
    active: 0.1,
    asset: 'contoso_xray',
    thread: `
      agent: Please check that the small USB dongle is still in the rear USB port of the workstation.
      me: It is there, the light is off.
      note: Dongle dead or port dead. Bringing spare USB hub + vendor remote session booked for 11:00.
      agent: A technician is on the way with a spare; the vendor joins remotely at 11:00.
    `,
  },
  {
    by: 'grace',
    subject: 'Add the Eastside office to the practice contract',
    text: 'The Eastside office opened last month. Please include its reception PC and network in our support contract.',
    status: 'pending',
    priority: 'normal',
    created: 9.2,
    active: 3.4,
    thread: `
      admin: We will send an updated contract with Eastside added; the Wi-Fi upgrade quote is in the portal already.
      me: Thanks, waiting for it.
    `,
  },
  {
    by: 'alan',
    subject: 'Dictation microphone not recognised',
    text: 'My dictation microphone is not recognised by the charting software since yesterday.',
    status: 'closed',
    priority: 'low',
    created: 19.3,
    active: 17.4,
    thread: `
      agent: Driver reinstalled remotely, please try again.
      me: It works, thanks.
    `,
  },
  {
    by: 'maya',
    subject: 'Eastside reception PC very slow',
    text: 'The reception PC takes five minutes to start and the scheduling software freezes when checking in patients.',
    status: 'open',
    priority: 'normal',
    created: 2.3,
    active: 0.7,
    asset: 'eastside_reception_pc',
    thread: `
      agent: The disk is reporting errors. We will replace it with an SSD; can we take the PC on Friday afternoon?
      me: Friday after 15:00 works.
    `,
  },
  {
    by: 'maya',
    subject: 'Eastside guest Wi-Fi password',
    text: 'What is the password of the guest Wi-Fi for the waiting room?',
    status: 'closed',
    priority: 'low',
    created: 27.3,
    active: 26.9,
    thread: `
      agent: It is printed on the card at the reception desk; it changes every month.
      me: Found it, thanks.
    `,
  },
  {
    by: 'oliver',
    subject: 'Plotter quote for the new office',
    text: 'We are opening a second studio and need another large-format plotter. Please quote.',
    status: 'pending',
    priority: 'low',
    created: 12.1,
    active: 8.2,
    asset: 'fabrikam_plotter',
    thread: `
      admin: Quote is being prepared together with the maintenance contract draft.
    `,
  },
  {
    by: 'zoe',
    subject: 'AutoCAD licence server unreachable',
    text: 'AutoCAD opens in "no licence" mode for everyone since about 9:00.',
    status: 'open',
    priority: 'high',
    created: 0.4,
    active: 0.4,
  },
];
