import { useState } from 'react';
import { useNavigate } from 'react-router';
import { TextField } from '../../../shared/ui.tsx';
import { staffApi } from '../../session.tsx';
import { PERMISSIONS } from '../common.tsx';
import { SaveDialog } from '../SaveDialog.tsx';
import type { PrivilegeGroup } from '../types.ts';

/** Copy, make default and delete: changes to a group that change nobody's access now. */
export function GroupDialogs(props: {
  group: PrivilegeGroup;
  open: 'save' | 'copy' | 'default' | 'delete' | null;
  onClose: () => void;
  onNotice: (notice: string) => void;
}) {
  const { group, onClose } = props;
  const navigate = useNavigate();
  const [copyName, setCopyName] = useState('');
  return (
    <>
      <SaveDialog
        open={props.open === 'copy'}
        title={`Copy “${group.name}”`}
        summary={<p>The copy gets the same privileges, scopes and level. You can change it afterwards.</p>}
        change={null}
        noPreview="A copy has no contacts yet: nobody’s access changes."
        confirmLabel="Make the copy"
        save={() =>
          staffApi.post<PrivilegeGroup>(
            `/api/staff/privilege-groups/${group.id}/copy`,
            copyName.trim() ? { name: copyName.trim() } : {},
          )
        }
        onSaved={(copy) => {
          onClose();
          setCopyName('');
          void navigate(`${PERMISSIONS}/privilege-groups/${copy.id}`);
        }}
        onCancel={onClose}
      >
        <TextField
          label="Name of the copy"
          hint={`Leave empty for “Copy of ${group.name}”.`}
          type="text"
          maxLength={200}
          value={copyName}
          onChange={setCopyName}
        />
      </SaveDialog>
      <SaveDialog
        open={props.open === 'default'}
        title={`Make “${group.name}” the default?`}
        summary={
          <p>
            Contacts created from now on without a privilege group get “{group.name}”. Exactly one group is
            the default, so the current default loses the mark.
          </p>
        }
        change={null}
        noPreview="Existing contacts keep their privilege groups: nobody’s access changes now."
        confirmLabel="Make default"
        save={() => staffApi.post<PrivilegeGroup>(`/api/staff/privilege-groups/${group.id}/make-default`)}
        onSaved={(result) => {
          onClose();
          props.onNotice(`“${result.name}” is now the default privilege group.`);
        }}
        onCancel={onClose}
      />
      <SaveDialog
        open={props.open === 'delete'}
        title={`Delete “${group.name}”?`}
        summary={<p>The group is removed for good. The audit log keeps what it was.</p>}
        change={null}
        noPreview="Only a group that no contact uses, and that is not the default, can be deleted: nobody’s access changes."
        confirmLabel="Delete group"
        tone="danger"
        save={() => staffApi.delete(`/api/staff/privilege-groups/${group.id}`)}
        onSaved={() => {
          onClose();
          void navigate(`${PERMISSIONS}/privilege-groups`, { replace: true });
        }}
        onCancel={onClose}
      />
    </>
  );
}
