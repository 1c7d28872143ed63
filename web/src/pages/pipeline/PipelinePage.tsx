/** The Pipeline page: runs and tasks, load audit, data-quality results, verify report, lineage. */
import { Dq } from './Dq.tsx';
import { Lineage } from './Lineage.tsx';
import { Loads } from './Loads.tsx';
import { Runs } from './Runs.tsx';
import { Verify } from './Verify.tsx';

export default function PipelinePage() {
  return (
    <div data-testid="page-pipeline" className="quad">
      <Runs />
      <Verify />
      <Loads />
      <Dq />
      <div style={{ gridColumn: '1 / -1' }}>
        <Lineage />
      </div>
    </div>
  );
}
