import type { TicketSpec } from './ticket-spec.ts';

/** Tickets of the district office, Birch School and Cedar High School. */
export const DISTRICT_TICKETS: TicketSpec[] = [
  {
    by: 'marcus',
    subject: 'Smartboard pen not calibrating in room 4B',
    text: 'The pen writes about 2 cm to the left of where I touch the board.',
    status: 'open',
    priority: 'normal',
    created: 7.3,
    active: 1.2,
    reopened: true,
    thread: `
      agent: Please run "Orient" from the board settings menu and touch the nine targets.
      me: That fixed it for a day, now it is off again.
      agent: Then the sensor bar is probably loose. We will come by on our next Birch visit.
    `,
  },
  {
    by: 'marcus',
    subject: 'Wi-Fi drops in the gym during assemblies',
    text: 'When the whole school is in the gym the Wi-Fi stops working for the presentation laptop.',
    status: 'pending',
    priority: 'high',
    created: 11.4,
    active: 3.2,
    asset: 'birch_ap_gym',
    thread: `
      agent: With 300 phones the single access point is saturated. We measured on site and recommend a second AP and a separate SSID for presentations.
      note: On-site survey 1.5 h done. Quote for second AP to follow.
      agent: Waiting for the district to approve the second access point.
    `,
    charge: ['On-site Wi-Fi survey, Birch gym', 1.5, 12000],
  },
  {
    by: 'priya',
    subject: "Attendance system shows yesterday's roster",
    text: "This morning the attendance screen shows yesterday's classes for every teacher.",
    status: 'closed',
    priority: 'urgent',
    was: 'normal',
    created: 25.2,
    active: 24.8,
    thread: `
      agent: The nightly roster import failed. We have run it manually; please refresh the attendance page.
      me: Fixed, thank you for the quick help.
    `,
  },
  {
    by: 'helen',
    subject: 'Budget planning: laptop cart replacement',
    text: 'For next year I need a rough figure for replacing the 30-laptop cart in the library.',
    status: 'open',
    priority: 'low',
    created: 8.4,
    active: 6.1,
    thread: `
      agent: A like-for-like replacement is about $16,500 including the charging cart. A formal quote will follow in spring.
    `,
  },
  {
    by: 'sofia',
    subject: 'Chemistry lab PC cannot reach the printer',
    text: 'The PC in Lab 2 says the printer is offline; other rooms can print to it.',
    status: 'open',
    priority: 'normal',
    created: 3.5,
    active: 0.5,
    thread: `
      kevin: The Lab 2 PC is still on the student VLAN after the switch replacement. I will move the port tomorrow.
      me: Thanks Kevin.
    `,
  },
  {
    by: 'sofia',
    subject: 'Request for Vernier sensor software',
    text: 'Please install Vernier Graphical Analysis on the lab PCs for the new sensors.',
    status: 'closed',
    priority: 'low',
    created: 30.2,
    active: 27.3,
    thread: `
      agent: Installed on all eight lab PCs.
      me: Works great, thanks.
    `,
  },
  {
    by: 'kevin',
    subject: 'Lab switch ports 14–24 down after power outage',
    text: 'After the power cut on Sunday ports 14 to 24 on the lab switch show no link. Half of Lab 1 is offline.',
    status: 'closed',
    priority: 'urgent',
    created: 18.3,
    active: 17.1,
    asset: 'cedar_lab_switch',
    thread: `
      agent: The switch came up with an old configuration. We restored last Friday backup remotely.
      note: Root cause: config not written to startup after the VLAN change. Wrote memory, added check to monthly routine.
      me: All ports up again, confirmed in Lab 1.
    `,
    files: [
      {
        name: 'switch-restore-log.txt',
        text: 'copy tftp://10.0.99.5/cedar-lab-sw.cfg startup-config\nreload\nwrite memory\nAll ports 1-48 up after restore.\n',
        public: false,
        by: 'agent',
      },
    ],
    emails: [
      {
        public: true,
        body: 'Hello Kevin,\n\nthe lab switch configuration has been restored. All ports should be up.\n\nSam',
      },
    ],
    charge: ['Emergency remote restore (outside contract hours)', 1, 15000],
  },
  {
    by: 'kevin',
    subject: 'Chromebook rollout at Almond: 60 devices to enroll',
    text: 'Almond received 60 Chromebooks. I am helping with enrollment; please create the device OU and the enrollment token.',
    status: 'open',
    priority: 'normal',
    created: 2.2,
    active: 0.4,
    thread: `
      agent: OU "Almond/Students/Chromebooks" and the token are ready; the token was sent to you by e-mail.
      me: 32 of 60 enrolled, the rest tomorrow.
    `,
  },
  {
    by: 'james',
    subject: 'Exam week: freeze software updates in the computer lab',
    text: 'Exams run next week. Please do not push any updates to Lab 1 and Lab 2 from Monday to Friday.',
    status: 'pending',
    priority: 'normal',
    created: 4.1,
    active: 1.5,
    thread: `
      agent: Update freeze scheduled for both labs. We will lift it Friday at 16:00 unless you tell us otherwise.
    `,
  },
  {
    by: 'ellen',
    subject: 'Projector remote missing in room 210',
    text: 'The projector remote in room 210 has disappeared. Is there a spare?',
    status: 'closed',
    priority: 'low',
    created: 40.3,
    active: 38.2,
    thread: `
      agent: A spare remote is in the front office, labelled 210.
      me: Got it, thanks.
    `,
  },
  {
    by: 'dana',
    subject: 'Firewall: schedule firmware update across all schools',
    text: 'FortiGate 7.2.9 fixes the SSL-VPN issue. Please schedule the update for a weekend and notify the principals.',
    status: 'pending',
    priority: 'high',
    created: 10.2,
    active: 2.3,
    asset: 'district_firewall',
    thread: `
      agent: Proposed window: Saturday 06:00–08:00. Internet will be down for about 15 minutes at every school.
      me: Approved. I will tell the principals.
      note: Backup config and test rollback on the lab unit first.
    `,
    files: [
      {
        name: 'firewall-change-plan.txt',
        text: 'Change plan FW-2291\n1. Backup config\n2. Upgrade 7.2.8 -> 7.2.9\n3. Verify VPN, web filter\nRollback: boot alternate partition.\n',
        public: true,
        by: 'agent',
      },
    ],
  },
  {
    by: 'dana',
    subject: 'Content filter blocks the science simulation site',
    text: 'PhET simulations are blocked at Cedar and Birch since this morning ("Games" category).',
    status: 'open',
    priority: 'normal',
    created: 1.1,
    active: 0.15,
    thread: `
      agent: The vendor recategorised the site. We added an exception for phet.colorado.edu; please check again.
    `,
  },
  {
    by: 'robert',
    subject: 'Annual licence renewal: Microsoft 365 A3',
    text: 'Please confirm the number of A3 staff licences for the renewal before the purchase order goes out.',
    status: 'closed',
    priority: 'normal',
    created: 35.2,
    active: 30.4,
    thread: `
      agent: 212 licences in use, 230 recommended to cover new hires.
      me: Thanks, PO raised for 230.
    `,
  },
];
