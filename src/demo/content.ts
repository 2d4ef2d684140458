import { storeFile } from '../modules/files/store.ts';
import { daysAgo, pick, simplePdf, textLines, uuidV7, type DemoContext } from './util.ts';

/** A file's content: a one-page PDF (title + lines) when the name ends in .pdf, else the text. */
type FileSpec = { name: string; text: string };

function fileData(title: string, file: FileSpec): Buffer {
  const lines = textLines(file.text);
  return file.name.endsWith('.pdf') ? simplePdf(title, lines) : Buffer.from(`${lines.join('\n')}\n`);
}

const DOCUMENTS: Array<{ org: string; title: string; description: string; public: boolean; file: FileSpec }> =
  [
    {
      org: 'district',
      title: 'Staff acceptable use policy 2025–26',
      description: 'Signed by every employee at the start of the school year.',
      public: true,
      file: {
        name: 'acceptable-use-policy-2025-26.pdf',
        text: `
          1. Accounts are personal.
          2. Report lost devices within 24 hours.
          3. Student data stays on district systems.
        `,
      },
    },
    {
      org: 'district',
      title: 'District WAN topology',
      description: 'Internal: core, school links and firewall.',
      public: false,
      file: {
        name: 'district-wan.txt',
        text: `
          Core: district office, FortiGate 100F
          Almond 1 Gbit/s
          Birch 500 Mbit/s
          Cedar 1 Gbit/s
        `,
      },
    },
    {
      org: 'almond',
      title: 'Classroom projector quick guide',
      description: 'Switching inputs, freezing the picture, what the warning lights mean.',
      public: true,
      file: {
        name: 'projector-quick-guide.pdf',
        text: `
          Input: press SOURCE until HDMI1.
          Orange lamp light: call the office.
        `,
      },
    },
    {
      org: 'almond',
      title: 'Almond School network diagram',
      description: 'Internal: closets, switches and access points.',
      public: false,
      file: {
        name: 'almond-network.txt',
        text: `
          Closet A1: core switch, VLAN 10/30
          APs: rooms 3, 9, 12, library, gym
        `,
      },
    },
    {
      org: 'cedar',
      title: 'Computer lab rules',
      description: 'Posted in Lab 1 and Lab 2.',
      public: true,
      file: {
        name: 'computer-lab-rules.pdf',
        text: `
          No food or drinks.
          Sign in with your own account.
          Log off when you leave.
        `,
      },
    },
    {
      org: 'northwind',
      title: 'Backup report – last month',
      description: 'Job results and restore test of NW-BK01.',
      public: true,
      file: {
        name: 'backup-report.pdf',
        text: `
          Jobs: 62 succeeded, 0 failed.
          Restore test: Accounting share, 14 min.
        `,
      },
    },
    {
      org: 'northwind',
      title: 'Certificate of destruction – old backup NAS',
      description: 'Disks of the retired Synology NAS, wiped and shredded.',
      public: true,
      file: {
        name: 'certificate-of-destruction.pdf',
        text: `
          Asset: Backup NAS (old), SYN-DS918-1770
          4 disks shredded.
        `,
      },
    },
    {
      org: 'northwind',
      title: 'Firewall change log',
      description: 'Internal: rule changes at HQ and Tacoma.',
      public: false,
      file: {
        name: 'firewall-changes.txt',
        text: `
          Allow UDP 500/4500 from Tacoma (pending ISP)
          Block legacy FTP at HQ
        `,
      },
    },
    {
      org: 'contoso',
      title: 'HIPAA security risk assessment',
      description: 'Internal working copy; the signed version is with the practice manager.',
      public: false,
      file: {
        name: 'hipaa-risk-assessment.pdf',
        text: `
          Scope: main office and Eastside.
          Open items: 3 (see section 4).
        `,
      },
    },
    {
      org: 'contoso',
      title: 'Welcome pack: how to reach support',
      description: 'Phone numbers, portal address and response times.',
      public: true,
      file: {
        name: 'welcome-pack.pdf',
        text: `
          Portal: open a ticket any time.
          Imaging outage: call, 2-hour response.
        `,
      },
    },
    {
      org: 'eastside',
      title: 'Eastside network overview',
      description: 'Router, switch and access points of the Eastside office.',
      public: true,
      file: {
        name: 'eastside-network.txt',
        text: `
          Router: 192.168.40.1
          Guest SSID: Contoso-Guest (isolated)
        `,
      },
    },
  ];

type ArticleSpec = {
  title: string;
  body: string;
  published: boolean;
  /** User groups it is restricted to; none: public to all portal users. */
  groups?: string[];
  files?: FileSpec[];
};

const ARTICLES: ArticleSpec[] = [
  {
    title: 'How to reset your portal password',
    body: 'On the sign-in page choose "Forgot password", enter your e-mail address and follow the link we send you. The link works once and for seven days.',
    published: true,
  },
  {
    title: 'Reporting a phishing e-mail',
    body: 'Do not click links or open attachments. Forward the message as an attachment to support and delete it. If you entered your password, change it at once and open an urgent ticket.',
    published: true,
    files: [
      {
        name: 'phishing-checklist.pdf',
        text: `
          Unexpected sender?
          Urgent tone?
          Link text and address differ?
        `,
      },
    ],
  },
  {
    title: 'Support hours during school holidays',
    body: 'During school holidays the help desk answers tickets from 8:00 to 15:00 on weekdays. Urgent tickets are handled by the on-call technician.',
    published: true,
    groups: ['all'],
  },
  {
    title: 'Reading school e-mail on a personal phone',
    body: 'Open outlook.office.com in the phone browser and sign in with your school account. No device profile is needed; nothing is stored on the phone.',
    published: true,
    groups: ['district'],
  },
  {
    title: 'Almond School: classroom projectors and document cameras',
    body: 'Every classroom projector takes HDMI from the wall plate. Document cameras must be in HDMI OUT mode (switch on the back). Report an orange lamp light to the office.',
    published: true,
    groups: ['almond_staff'],
    files: [
      {
        name: 'almond-av-guide.pdf',
        text: `
          Rooms 1-14: Epson projectors, HDMI1.
          Document cameras: HDMI OUT.
          Loan units: front office.
        `,
      },
      {
        name: 'room-checklist.txt',
        text: `
          [ ] Projector on
          [ ] Input HDMI1
          [ ] Sound from wall speakers
        `,
      },
    ],
  },
  {
    title: 'Month-end closing: keep the accounting software fast',
    body: 'Close the ledgers you are not using, avoid running reports during the backup window (22:00–23:30) and tell us the closing dates in advance.',
    published: true,
    groups: ['accounting'],
  },
  {
    title: 'Summer Chromebook reimaging schedule (draft)',
    body: 'Week 1 Almond, week 2 Birch, week 3 Cedar. Devices must be back in their carts by the last school day.',
    published: false,
  },
];

export async function seedDocumentsAndKb(ctx: DemoContext): Promise<void> {
  const { trx, now } = ctx;
  for (const [i, d] of DOCUMENTS.entries()) {
    const at = daysAgo(now, 90 - i * 7);
    const file = await storeFile(trx, { filename: d.file.name, data: fileData(d.title, d.file) });
    await trx
      .insertInto('documents')
      .values({
        id: uuidV7(at),
        organization_id: pick(ctx.orgs, d.org),
        title: d.title,
        description: d.description,
        public: d.public,
        file_id: file.id,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }

  for (const [i, a] of ARTICLES.entries()) {
    const at = daysAgo(now, 120 - i * 15);
    const article = await trx
      .insertInto('kb_articles')
      .values({
        id: uuidV7(at),
        title: a.title,
        body: a.body,
        published: a.published,
        visibility: a.groups ? 'groups' : 'public',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const group of a.groups ?? []) {
      await trx
        .insertInto('kb_article_groups')
        .values({ article_id: article.id, user_group_id: pick(ctx.userGroups, group) })
        .execute();
    }
    for (const f of a.files ?? []) {
      const file = await storeFile(trx, { filename: f.name, data: fileData(a.title, f) });
      await trx.insertInto('kb_article_files').values({ article_id: article.id, file_id: file.id }).execute();
    }
  }
}
