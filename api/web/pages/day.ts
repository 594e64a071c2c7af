import { render } from '../render.ts';
import type { PageModule } from '../types.ts';

/** "My day": today's lessons of the signed-in teacher and what is still missing. */
export const dayPages: PageModule = ({ get, staff }) => {
  get('/day', staff, (req, res) => {
    render(req, res, 'day', {});
  });
};
