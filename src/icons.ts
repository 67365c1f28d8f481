import { LabIcon } from '@jupyterlab/ui-components';

import workshopSvg from '../style/icons/cjm.svg';
import fileSvg from '../style/icons/cjm-file.svg';

/** The project's icon: a journey curve through three touchpoints. */
export const workshopIcon = new LabIcon({
  name: 'cjm-widgets:workshop',
  svgstr: workshopSvg
});

/** The icon of a `*.cjm.json` file in the file browser. */
export const workshopFileIcon = new LabIcon({
  name: 'cjm-widgets:workshop-file',
  svgstr: fileSvg
});
