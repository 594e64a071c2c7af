import bcrypt from 'bcryptjs';

const COST = 10;

/** Hashes a staff password (bcrypt, cost 10). */
export const hashPassword = (password: string) => bcrypt.hash(password, COST);

export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);
