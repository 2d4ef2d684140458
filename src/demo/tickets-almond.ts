import type { TicketSpec } from './ticket-spec.ts';

/** Tickets of Almond School (the "Almond School Staff" super-customer example). */
export const ALMOND_TICKETS: TicketSpec[] = [
  {
    by: 'tom',
    subject: 'Projector in room 12 flickers',
    text: 'Since Monday the projector in room 12 flickers every few seconds, worst with slides that have a white background. Restarting it helps for ten minutes.',
    status: 'open',
    priority: 'high',
    was: 'normal',
    created: 3.2,
    active: 0.08,
    asset: 'almond_projector_12',
    thread: `
      agent: Thanks Tom. Could you try the spare HDMI cable from the office and tell us whether it still flickers?
      me: Tried the spare cable this morning, still flickering. It also shows a "lamp" warning now.
      note: Lamp at 3,120 h of 3,500. Ordering a replacement lamp under the AV contract; loan projector from the district pool meanwhile.
      linda: The loan projector can go in room 12 on Thursday, the class is in the library that morning.
      agent: Great, we will bring the loan unit Thursday at 8:00 and fit the new lamp when it arrives.
    `,
    files: [
      {
        name: 'projector-flicker-notes.txt',
        text: 'Room 12 projector\n- flickers on white slides\n- lamp warning LED orange since Tuesday\n- tried second HDMI cable: no change\n',
        public: true,
        by: 'me',
      },
      {
        name: 'lamp-order.txt',
        text: 'Epson ELPLP97 replacement lamp, 1 pc, supplier ref 44-1982, ETA 3 working days.\n',
        public: false,
        by: 'agent',
      },
    ],
    emails: [
      {
        public: true,
        body: 'Hello Tom,\n\nwe will bring a loan projector to room 12 on Thursday at 8:00.\n\nSam, Portico support',
      },
      {
        public: false,
        to: 'orders@avsupply.example',
        body: 'Please ship one ELPLP97 lamp to Almond School, attn. Linda Park.',
      },
    ],
  },
  {
    by: 'tom',
    subject: 'Gradebook login fails after password change',
    text: 'I changed my password yesterday as asked and now the gradebook says "invalid credentials". Report cards are due Friday.',
    status: 'closed',
    priority: 'high',
    created: 20.3,
    active: 18.9,
    thread: `
      agent: The gradebook keeps its own session cache. Please sign out everywhere and sign in again with the new password.
      me: Still failing, same message.
      note: Sync job from the directory was stuck since the weekend; restarted it.
      agent: We found a stuck synchronisation on our side and fixed it. Can you try once more?
      me: Works now, thank you!
    `,
  },
  {
    by: 'tom',
    subject: 'Request: install GeoGebra on the class laptops',
    text: 'For the geometry unit next month I would like GeoGebra Classic on the 24 laptops of the class cart.',
    status: 'pending',
    priority: 'low',
    created: 6.4,
    active: 2.1,
    asset: 'tom_laptop',
    thread: `
      agent: We can package GeoGebra for the cart. Does it need to work offline, or is the web version enough?
      me: Offline please, the Wi-Fi in room 12 is not reliable with 24 devices.
      agent: Understood. Waiting for the district software approval; we will schedule it as soon as it comes in.
    `,
  },
  {
    by: 'rachel',
    subject: 'Cannot read school e-mail on my personal phone',
    text: 'My phone asks for a "device management profile" before it shows my school mail. I do not want to install that on my private phone; is there another way?',
    status: 'open',
    priority: 'normal',
    private: true,
    created: 1.6,
    active: 1.1,
    thread: `
      agent: You can use Outlook on the web in the phone browser without any profile. Instructions are in the knowledge base under "Reading school e-mail on a personal phone".
    `,
  },
  {
    by: 'rachel',
    subject: 'Document camera shows a black screen',
    text: 'The document camera in room 7 powers on but the projector shows a black screen on the camera input.',
    status: 'closed',
    priority: 'normal',
    created: 12.5,
    active: 10.2,
    asset: 'almond_doccam',
    thread: `
      agent: Could you check that the camera is on the HDMI OUT and not the USB mode? The small switch is on the back.
      me: That was it, the switch had moved to USB. Sorry!
      agent: No problem, glad it works. Closing the ticket.
    `,
  },
  {
    by: 'carlos',
    subject: 'Library checkout scanner not reading barcodes',
    text: 'The scanner at the circulation desk beeps but nothing appears in the library system. We have a class visit at 13:00.',
    status: 'open',
    priority: 'urgent',
    was: 'high',
    created: 0.6,
    active: 0.2,
    asset: 'almond_scanner',
    thread: `
      agent: Please unplug the scanner, wait ten seconds and plug it into the front USB port of the PC.
      me: Done, still nothing in the system, but Notepad shows the numbers.
      note: Keyboard wedge works, so the library client lost focus handling after last night update. Remote session booked at 12:15.
    `,
  },
  {
    by: 'carlos',
    subject: 'Renew the e-book platform single sign-on certificate',
    text: 'The e-book platform sent a notice that our SSO certificate expires in three weeks.',
    status: 'pending',
    priority: 'normal',
    created: 9.1,
    active: 4.3,
    thread: `
      agent: Thanks for the heads-up. We have generated the new certificate and sent the metadata to the vendor.
      agent: Waiting for the vendor to confirm they have installed it.
    `,
  },
  {
    by: 'linda',
    subject: 'Front office printer jams on tray 2',
    text: 'Letterhead from tray 2 jams about every tenth page. Tray 1 is fine.',
    status: 'open',
    priority: 'normal',
    created: 5.3,
    active: 0.8,
    asset: 'almond_printer',
    thread: `
      agent: Which paper weight is the letterhead? Tray 2 is set to plain paper at the moment.
      me: 100 g/m², the new batch from the district print shop.
      note: Change tray 2 media type to heavy (91–105 g) remotely; if jams continue, replace pickup roller (kit in van).
      agent: We changed the tray setting remotely. Please tell us if it jams again this week.
      margaret: It jammed twice this morning printing the newsletter.
    `,
    charge: ['Remote printer configuration', 0.5, 9500],
  },
  {
    by: 'linda',
    subject: 'New staff account for Emily Chen (student teacher)',
    text: 'Emily Chen starts with Tom Becker in room 12 on the 1st. She needs e-mail, the gradebook (read-only) and portal access.',
    status: 'closed',
    priority: 'low',
    created: 16.2,
    active: 15.1,
    thread: `
      agent: Account created; the portal invitation has been sent to emily.chen@almond.shoestring.example.
      me: Thank you!
    `,
  },
  {
    by: 'margaret',
    subject: 'Interactive displays for rooms 12–14: quote request',
    text: 'We received a grant for three interactive displays. Could you quote installation in rooms 12, 13 and 14, including removing the old projectors?',
    status: 'pending',
    priority: 'normal',
    created: 14.2,
    active: 7.4,
    thread: `
      admin: Thanks Margaret, we visited the rooms on Tuesday. The quote is in the portal under Quotes.
      me: Thank you, I will take it to the PTA board meeting next week.
    `,
  },
  {
    by: 'margaret',
    subject: 'Phones in the main office drop calls',
    text: 'Calls to the main office number drop after about 30 seconds, several times a day. Parents are complaining.',
    status: 'open',
    priority: 'high',
    created: 2.1,
    active: 0.3,
    thread: `
      agent: We see SIP re-registrations at those times. Is the phone system on the same power strip as the printer?
      linda: Yes, the phone base and the printer share the strip under the desk.
      agent: Thanks, we will move the base station to the UPS during our visit tomorrow.
    `,
  },
  {
    by: 'emily',
    subject: 'Laptop for the student teacher in room 12',
    text: 'Opened by the office on behalf of Emily Chen: she needs a laptop with the classroom software.',
    status: 'open',
    priority: 'normal',
    created: 4.2,
    active: 3.1,
    thread: `
      kevin: A spare laptop from the Chromebook rollout stock is reserved for Emily; I will image it this week.
    `,
  },
];
