/**
 * Word lists for the synthetic generator (synthetic.ts): cities with coordinates and local names per APEC
 * economy, specialization words in the languages the generator writes, organization name parts. Made-up
 * data for benchmarks and demos; places and coordinates are real, organizations are not.
 */

export interface City {
  en: string;
  ru: string;
  /** The name in the economy's own language, when the generator writes one. */
  local?: string;
  region: string;
  lat: number;
  lng: number;
}

export interface EconomyProfile {
  /** Relative share of the generated clusters. */
  weight: number;
  /** BCP-47 tag of the local-language name, if any besides en/ru. */
  language?: 'zh' | 'ja' | 'ko' | 'vi' | 'es';
  /** Chinese written in traditional characters (TW, HK). */
  traditional?: boolean;
  /** Degrees of jitter around a city (small for city economies). */
  jitter: number;
  callingCode: string;
  cities: City[];
}

const c = (en: string, ru: string, region: string, lat: number, lng: number, local?: string): City => ({
  en,
  ru,
  region,
  lat,
  lng,
  ...(local ? { local } : {}),
});

export const ECONOMY_PROFILES: Record<string, EconomyProfile> = {
  AU: {
    weight: 5,
    jitter: 0.25,
    callingCode: '61',
    cities: [
      c('Sydney', 'Сидней', 'New South Wales', -33.87, 151.21),
      c('Melbourne', 'Мельбурн', 'Victoria', -37.81, 144.96),
      c('Brisbane', 'Брисбен', 'Queensland', -27.47, 153.03),
      c('Perth', 'Перт', 'Western Australia', -31.95, 115.86),
      c('Adelaide', 'Аделаида', 'South Australia', -34.93, 138.6),
    ],
  },
  BN: {
    weight: 1,
    jitter: 0.08,
    callingCode: '673',
    cities: [
      c('Bandar Seri Begawan', 'Бандар-Сери-Бегаван', 'Brunei-Muara', 4.94, 114.95),
      c('Kuala Belait', 'Куала-Белайт', 'Belait', 4.58, 114.23),
      c('Tutong', 'Тутонг', 'Tutong', 4.8, 114.65),
    ],
  },
  CA: {
    weight: 5,
    jitter: 0.25,
    callingCode: '1',
    cities: [
      c('Toronto', 'Торонто', 'Ontario', 43.65, -79.38),
      c('Montréal', 'Монреаль', 'Quebec', 45.5, -73.57),
      c('Vancouver', 'Ванкувер', 'British Columbia', 49.28, -123.12),
      c('Calgary', 'Калгари', 'Alberta', 51.05, -114.07),
      c('Ottawa', 'Оттава', 'Ontario', 45.42, -75.7),
      c('Waterloo', 'Ватерлоо', 'Ontario', 43.46, -80.52),
    ],
  },
  CL: {
    weight: 3,
    language: 'es',
    jitter: 0.2,
    callingCode: '56',
    cities: [
      c('Santiago', 'Сантьяго', 'Región Metropolitana', -33.45, -70.67, 'Santiago'),
      c('Valparaíso', 'Вальпараисо', 'Valparaíso', -33.05, -71.62, 'Valparaíso'),
      c('Concepción', 'Консепсьон', 'Biobío', -36.83, -73.05, 'Concepción'),
      c('Antofagasta', 'Антофагаста', 'Antofagasta', -23.65, -70.4, 'Antofagasta'),
      c('Temuco', 'Темуко', 'La Araucanía', -38.74, -72.6, 'Temuco'),
    ],
  },
  CN: {
    weight: 12,
    language: 'zh',
    jitter: 0.3,
    callingCode: '86',
    cities: [
      c('Beijing', 'Пекин', 'Beijing', 39.9, 116.41, '北京'),
      c('Shanghai', 'Шанхай', 'Shanghai', 31.23, 121.47, '上海'),
      c('Shenzhen', 'Шэньчжэнь', 'Guangdong', 22.54, 114.06, '深圳'),
      c('Hangzhou', 'Ханчжоу', 'Zhejiang', 30.27, 120.16, '杭州'),
      c('Wuhan', 'Ухань', 'Hubei', 30.59, 114.31, '武汉'),
      c('Chengdu', 'Чэнду', 'Sichuan', 30.57, 104.07, '成都'),
      c('Suzhou', 'Сучжоу', 'Jiangsu', 31.3, 120.59, '苏州'),
    ],
  },
  HK: {
    weight: 2,
    language: 'zh',
    traditional: true,
    jitter: 0.03,
    callingCode: '852',
    cities: [
      c('Kowloon', 'Коулун', 'Kowloon', 22.32, 114.18, '九龍'),
      c('Sha Tin', 'Шатин', 'New Territories', 22.38, 114.19, '沙田'),
      c('Tsuen Wan', 'Цюньвань', 'New Territories', 22.37, 114.11, '荃灣'),
      c('Central', 'Сентрал', 'Hong Kong Island', 22.28, 114.16, '中環'),
    ],
  },
  ID: {
    weight: 4,
    jitter: 0.25,
    callingCode: '62',
    cities: [
      c('Jakarta', 'Джакарта', 'DKI Jakarta', -6.21, 106.85),
      c('Surabaya', 'Сурабая', 'East Java', -7.25, 112.75),
      c('Bandung', 'Бандунг', 'West Java', -6.92, 107.61),
      c('Medan', 'Медан', 'North Sumatra', 3.6, 98.67),
      c('Batam', 'Батам', 'Riau Islands', 1.13, 104.05),
      c('Makassar', 'Макасар', 'South Sulawesi', -5.15, 119.43),
    ],
  },
  JP: {
    weight: 8,
    language: 'ja',
    jitter: 0.2,
    callingCode: '81',
    cities: [
      c('Tokyo', 'Токио', 'Tokyo', 35.68, 139.69, '東京'),
      c('Osaka', 'Осака', 'Osaka', 34.69, 135.5, '大阪'),
      c('Nagoya', 'Нагоя', 'Aichi', 35.18, 136.91, '名古屋'),
      c('Fukuoka', 'Фукуока', 'Fukuoka', 33.59, 130.4, '福岡'),
      c('Sapporo', 'Саппоро', 'Hokkaido', 43.06, 141.35, '札幌'),
      c('Kyoto', 'Киото', 'Kyoto', 35.01, 135.77, '京都'),
      c('Sendai', 'Сендай', 'Miyagi', 38.27, 140.87, '仙台'),
    ],
  },
  KR: {
    weight: 7,
    language: 'ko',
    jitter: 0.15,
    callingCode: '82',
    cities: [
      c('Seoul', 'Сеул', 'Seoul', 37.57, 126.98, '서울'),
      c('Busan', 'Пусан', 'Busan', 35.18, 129.08, '부산'),
      c('Daegu', 'Тэгу', 'Daegu', 35.87, 128.6, '대구'),
      c('Daejeon', 'Тэджон', 'Daejeon', 36.35, 127.38, '대전'),
      c('Incheon', 'Инчхон', 'Incheon', 37.46, 126.71, '인천'),
      c('Gwangju', 'Кванджу', 'Gwangju', 35.16, 126.85, '광주'),
      c('Ulsan', 'Ульсан', 'Ulsan', 35.54, 129.31, '울산'),
    ],
  },
  MY: {
    weight: 3,
    jitter: 0.15,
    callingCode: '60',
    cities: [
      c('Kuala Lumpur', 'Куала-Лумпур', 'Federal Territory', 3.14, 101.69),
      c('Penang', 'Пенанг', 'Penang', 5.41, 100.33),
      c('Johor Bahru', 'Джохор-Бару', 'Johor', 1.49, 103.74),
      c('Kuching', 'Кучинг', 'Sarawak', 1.55, 110.36),
      c('Cyberjaya', 'Киберджая', 'Selangor', 2.92, 101.65),
    ],
  },
  MX: {
    weight: 5,
    language: 'es',
    jitter: 0.25,
    callingCode: '52',
    cities: [
      c('Mexico City', 'Мехико', 'Ciudad de México', 19.43, -99.13, 'Ciudad de México'),
      c('Monterrey', 'Монтеррей', 'Nuevo León', 25.69, -100.32, 'Monterrey'),
      c('Guadalajara', 'Гвадалахара', 'Jalisco', 20.66, -103.35, 'Guadalajara'),
      c('Querétaro', 'Керетаро', 'Querétaro', 20.59, -100.39, 'Querétaro'),
      c('Puebla', 'Пуэбла', 'Puebla', 19.04, -98.21, 'Puebla'),
      c('Mérida', 'Мерида', 'Yucatán', 20.97, -89.59, 'Mérida'),
      c('Tijuana', 'Тихуана', 'Baja California', 32.51, -117.04, 'Tijuana'),
    ],
  },
  NZ: {
    weight: 2,
    jitter: 0.15,
    callingCode: '64',
    cities: [
      c('Auckland', 'Окленд', 'Auckland', -36.85, 174.76),
      c('Wellington', 'Веллингтон', 'Wellington', -41.29, 174.78),
      c('Christchurch', 'Крайстчерч', 'Canterbury', -43.53, 172.64),
      c('Hamilton', 'Гамильтон', 'Waikato', -37.79, 175.28),
      c('Dunedin', 'Данидин', 'Otago', -45.88, 170.5),
    ],
  },
  PG: {
    weight: 1,
    jitter: 0.15,
    callingCode: '675',
    cities: [
      c('Port Moresby', 'Порт-Морсби', 'National Capital District', -9.44, 147.18),
      c('Lae', 'Лаэ', 'Morobe', -6.72, 147.0),
      c('Mount Hagen', 'Маунт-Хаген', 'Western Highlands', -5.86, 144.23),
      c('Madang', 'Маданг', 'Madang', -5.22, 145.79),
    ],
  },
  PE: {
    weight: 2,
    language: 'es',
    jitter: 0.2,
    callingCode: '51',
    cities: [
      c('Lima', 'Лима', 'Lima', -12.05, -77.04, 'Lima'),
      c('Arequipa', 'Арекипа', 'Arequipa', -16.41, -71.54, 'Arequipa'),
      c('Trujillo', 'Трухильо', 'La Libertad', -8.11, -79.03, 'Trujillo'),
      c('Cusco', 'Куско', 'Cusco', -13.53, -71.97, 'Cusco'),
      c('Piura', 'Пьюра', 'Piura', -5.19, -80.63, 'Piura'),
      c('Chiclayo', 'Чиклайо', 'Lambayeque', -6.77, -79.84, 'Chiclayo'),
    ],
  },
  PH: {
    weight: 2,
    jitter: 0.15,
    callingCode: '63',
    cities: [
      c('Manila', 'Манила', 'Metro Manila', 14.6, 120.98),
      c('Cebu City', 'Себу', 'Cebu', 10.32, 123.89),
      c('Davao City', 'Давао', 'Davao', 7.19, 125.46),
      c('Clark', 'Кларк', 'Pampanga', 15.19, 120.55),
      c('Iloilo City', 'Илоило', 'Iloilo', 10.72, 122.56),
    ],
  },
  RU: {
    weight: 14,
    jitter: 0.3,
    callingCode: '7',
    cities: [
      c('Moscow', 'Москва', 'Moscow', 55.76, 37.62),
      c('Saint Petersburg', 'Санкт-Петербург', 'Saint Petersburg', 59.94, 30.31),
      c('Kazan', 'Казань', 'Tatarstan', 55.79, 49.12),
      c('Novosibirsk', 'Новосибирск', 'Novosibirsk Oblast', 55.03, 82.92),
      c('Tomsk', 'Томск', 'Tomsk Oblast', 56.48, 84.95),
      c('Kaluga', 'Калуга', 'Kaluga Oblast', 54.51, 36.26),
      c('Ulyanovsk', 'Ульяновск', 'Ulyanovsk Oblast', 54.32, 48.4),
      c('Saransk', 'Саранск', 'Mordovia', 54.18, 45.18),
      c('Ufa', 'Уфа', 'Bashkortostan', 54.74, 55.97),
      c('Yekaterinburg', 'Екатеринбург', 'Sverdlovsk Oblast', 56.84, 60.61),
      c('Vladivostok', 'Владивосток', 'Primorsky Krai', 43.12, 131.89),
      c('Perm', 'Пермь', 'Perm Krai', 58.01, 56.23),
    ],
  },
  SG: {
    weight: 2,
    language: 'zh',
    jitter: 0.02,
    callingCode: '65',
    cities: [
      c('Singapore', 'Сингапур', 'Central Region', 1.29, 103.85, '新加坡'),
      c('Jurong', 'Джуронг', 'West Region', 1.33, 103.74, '裕廊'),
      c('Woodlands', 'Вудлендс', 'North Region', 1.44, 103.79, '兀兰'),
      c('Tampines', 'Тампинс', 'East Region', 1.35, 103.94, '淡滨尼'),
      c('one-north', 'Ван-норт', 'Central Region', 1.3, 103.79, '纬壹'),
    ],
  },
  TW: {
    weight: 4,
    language: 'zh',
    traditional: true,
    jitter: 0.1,
    callingCode: '886',
    cities: [
      c('Taipei', 'Тайбэй', 'Taipei', 25.03, 121.57, '臺北'),
      c('Hsinchu', 'Синьчжу', 'Hsinchu', 24.8, 120.97, '新竹'),
      c('Taichung', 'Тайчжун', 'Taichung', 24.15, 120.67, '臺中'),
      c('Tainan', 'Тайнань', 'Tainan', 22.99, 120.21, '臺南'),
      c('Kaohsiung', 'Гаосюн', 'Kaohsiung', 22.63, 120.3, '高雄'),
    ],
  },
  TH: {
    weight: 3,
    jitter: 0.2,
    callingCode: '66',
    cities: [
      c('Bangkok', 'Бангкок', 'Bangkok', 13.76, 100.5),
      c('Chiang Mai', 'Чиангмай', 'Chiang Mai', 18.79, 98.98),
      c('Chonburi', 'Чонбури', 'Chonburi', 13.36, 100.98),
      c('Rayong', 'Районг', 'Rayong', 12.68, 101.28),
      c('Khon Kaen', 'Кхонкэн', 'Khon Kaen', 16.43, 102.83),
      c('Phuket', 'Пхукет', 'Phuket', 7.88, 98.39),
    ],
  },
  US: {
    weight: 10,
    jitter: 0.3,
    callingCode: '1',
    cities: [
      c('Boston', 'Бостон', 'Massachusetts', 42.36, -71.06),
      c('San Jose', 'Сан-Хосе', 'California', 37.34, -121.89),
      c('Austin', 'Остин', 'Texas', 30.27, -97.74),
      c('Seattle', 'Сиэтл', 'Washington', 47.61, -122.33),
      c('Pittsburgh', 'Питтсбург', 'Pennsylvania', 40.44, -79.99),
      c('Detroit', 'Детройт', 'Michigan', 42.33, -83.05),
      c('Houston', 'Хьюстон', 'Texas', 29.76, -95.37),
      c('Raleigh', 'Роли', 'North Carolina', 35.78, -78.64),
    ],
  },
  VN: {
    weight: 3,
    language: 'vi',
    jitter: 0.15,
    callingCode: '84',
    cities: [
      c('Hanoi', 'Ханой', 'Hà Nội', 21.03, 105.85, 'Hà Nội'),
      c('Ho Chi Minh City', 'Хошимин', 'Hồ Chí Minh', 10.82, 106.63, 'Thành phố Hồ Chí Minh'),
      c('Da Nang', 'Дананг', 'Đà Nẵng', 16.05, 108.2, 'Đà Nẵng'),
      c('Haiphong', 'Хайфон', 'Hải Phòng', 20.86, 106.68, 'Hải Phòng'),
      c('Can Tho', 'Кантхо', 'Cần Thơ', 10.05, 105.75, 'Cần Thơ'),
      c('Bac Ninh', 'Бакнинь', 'Bắc Ninh', 21.19, 106.08, 'Bắc Ninh'),
    ],
  },
};

/** A specialization in the generator's languages: a short English adjective, then zh, ja, ko, vi, es. */
export interface SpecializationWords {
  en: string;
  zh: string;
  ja: string;
  ko: string;
  vi: string;
  es: string;
}

const w = (en: string, zh: string, ja: string, ko: string, vi: string, es: string): SpecializationWords => ({
  en,
  zh,
  ja,
  ko,
  vi,
  es,
});

/** By specialization code (schemas/reference/specializations.json); Russian comes from the taxonomy itself. */
export const SPECIALIZATION_WORDS: Record<string, SpecializationWords> = {
  aerospace: w('Aerospace', '航空航天', '航空宇宙', '항공우주', 'hàng không vũ trụ', 'Aeroespacial'),
  'aerospace.aviation': w('Aviation', '航空', '航空機', '항공', 'hàng không', 'Aeronáutica'),
  'aerospace.space': w('Space', '航天', '宇宙', '우주', 'vũ trụ', 'Espacial'),
  automotive: w('Automotive', '汽车', '自動車', '자동차', 'ô tô', 'Automotriz'),
  'automotive.ev': w('Electric Vehicle', '新能源汽车', '電気自動車', '전기차', 'xe điện', 'Electromovilidad'),
  petrochem: w('Petrochemical', '石油化工', '石油化学', '석유화학', 'hóa dầu', 'Petroquímica'),
  'petrochem.refining': w('Refining', '炼油', '石油精製', '정유', 'lọc dầu', 'Refinación'),
  'petrochem.polymers': w('Polymer', '高分子材料', '高分子', '고분자', 'polyme', 'Polímeros'),
  chemicals: w('Chemical', '化工', '化学', '화학', 'hóa chất', 'Química'),
  pharma: w('Pharmaceutical', '医药', '医薬品', '제약', 'dược phẩm', 'Farmacéutica'),
  biotech: w('Biotech', '生物技术', 'バイオ', '바이오', 'công nghệ sinh học', 'Biotecnología'),
  medtech: w('Medtech', '医疗器械', '医療機器', '의료기기', 'thiết bị y tế', 'Tecnología Médica'),
  nuclear: w('Nuclear', '核工业', '原子力', '원자력', 'hạt nhân', 'Nuclear'),
  energy: w('Energy', '能源', 'エネルギー', '에너지', 'năng lượng', 'Energía'),
  'energy.renewables': w('Renewable Energy', '新能源', '再生可能エネルギー', '신재생에너지', 'năng lượng tái tạo', 'Energías Renovables'),
  lighting: w('Lighting', '照明', '照明', '조명', 'chiếu sáng', 'Iluminación'),
  electronics: w('Electronics', '电子信息', 'エレクトロニクス', '전자', 'điện tử', 'Electrónica'),
  'electronics.semiconductors': w('Semiconductor', '集成电路', '半導体', '반도체', 'bán dẫn', 'Semiconductores'),
  ict: w('ICT', '信息通信', '情報通信', '정보통신', 'công nghệ thông tin', 'Tecnologías de la Información'),
  'ict.software': w('Software', '软件', 'ソフトウェア', '소프트웨어', 'phần mềm', 'Software'),
  'ict.telecom': w('Telecom', '通信', '通信', '통신', 'viễn thông', 'Telecomunicaciones'),
  ai: w('AI', '人工智能', '人工知能', '인공지능', 'trí tuệ nhân tạo', 'Inteligencia Artificial'),
  fintech: w('Fintech', '金融科技', 'フィンテック', '핀테크', 'công nghệ tài chính', 'Tecnología Financiera'),
  games: w('Games', '游戏', 'ゲーム', '게임', 'trò chơi điện tử', 'Videojuegos'),
  machinery: w('Machinery', '装备制造', '機械', '기계', 'cơ khí', 'Maquinaria'),
  'machinery.robotics': w('Robotics', '机器人', 'ロボット', '로봇', 'robot', 'Robótica'),
  defence: w('Defence', '国防科技', '防衛', '방위산업', 'quốc phòng', 'Defensa'),
  metallurgy: w('Metals', '冶金', '金属', '금속', 'luyện kim', 'Metalurgia'),
  materials: w('Advanced Materials', '新材料', '新素材', '신소재', 'vật liệu mới', 'Nuevos Materiales'),
  'materials.nanotech': w('Nanotech', '纳米', 'ナノテク', '나노', 'công nghệ nano', 'Nanotecnología'),
  mining: w('Mining', '矿业', '鉱業', '광업', 'khai khoáng', 'Minería'),
  agrifood: w('Agrifood', '农业食品', '農業食品', '농식품', 'nông nghiệp', 'Agroalimentaria'),
  'agrifood.food-processing': w('Food Processing', '食品加工', '食品加工', '식품가공', 'chế biến thực phẩm', 'Alimentos Procesados'),
  forestry: w('Forestry', '林业', '林業', '임업', 'lâm nghiệp', 'Forestal'),
  ocean: w('Marine', '海洋', '海洋', '해양', 'kinh tế biển', 'Océano'),
  'ocean.shipbuilding': w('Shipbuilding', '船舶', '造船', '조선', 'đóng tàu', 'Construcción Naval'),
  'ocean.fisheries': w('Fisheries', '渔业', '水産', '수산', 'thủy sản', 'Pesca y Acuicultura'),
  logistics: w('Logistics', '物流', '物流', '물류', 'logistics', 'Logística'),
  textiles: w('Textile', '纺织', '繊維', '섬유', 'dệt may', 'Textil'),
  construction: w('Construction', '建筑', '建設', '건설', 'xây dựng', 'Construcción'),
  environment: w('Cleantech', '环保', '環境', '환경', 'môi trường', 'Tecnología Ambiental'),
  tourism: w('Tourism', '旅游', '観光', '관광', 'du lịch', 'Turismo'),
  creative: w('Creative Industries', '文化创意', 'クリエイティブ', '창조산업', 'công nghiệp sáng tạo', 'Industrias Creativas'),
  education: w('Education', '教育科研', '教育研究', '교육연구', 'giáo dục', 'Educación e Investigación'),
};

export const EN_CLUSTER_PATTERNS = [
  '{city} {spec} Cluster',
  '{city} {spec} Innovation Cluster',
  '{region} {spec} Cluster',
  '{city} {spec} Technology Park',
  '{spec} Valley {city}',
  '{region} {spec} Alliance',
  '{city} {spec} Hub',
];

export const RU_CLUSTER_PATTERNS = [
  'Кластер «{spec}» ({city})',
  'Инновационный кластер «{spec}», {city}',
  'Территориальный кластер «{spec}» — {city}',
  'Промышленный кластер «{spec}» ({city})',
];

export const BRANDS = [
  'Apex', 'Northstar', 'Bluewave', 'Ironbridge', 'Sunrise', 'Evergreen', 'Pacific', 'Zenith', 'Summit', 'Horizon',
  'Crescent', 'Vertex', 'Nova', 'Silverline', 'Redwood', 'Orion', 'Atlas', 'Meridian', 'Keystone', 'Polaris',
  'Cobalt', 'Granite', 'Lumen', 'Quantum', 'Harbor', 'Aurora', 'Sierra', 'Titan', 'Vista', 'Falcon',
];

export const RU_BRANDS = ['Вектор', 'Гранит', 'Союз', 'Восток', 'Прогресс', 'Импульс', 'Кристалл', 'Сигма', 'Альтаир', 'Технополис'];

export const COMPANY_SUFFIXES = ['Corp.', 'Group', 'Holdings', 'Industries', 'Ltd'];
export const SME_SUFFIXES = ['Labs', 'Solutions', 'Systems', 'Technologies', 'Works', 'Engineering'];

export const MEMBER_ROLES = [
  'Anchor company',
  'Supplier',
  'Research partner',
  'Training partner',
  'Founding member',
  'Technology provider',
  'Investor',
];

export const INTERNATIONAL_MEMBERSHIPS = [
  { name: 'TCI Network', url: 'https://www.tci-network.org' },
  { name: 'European Cluster Collaboration Platform', url: 'https://clustercollaboration.eu' },
  { name: 'International Association of Science Parks and Areas of Innovation', url: 'https://www.iasp.ws' },
  { name: 'World Alliance for Innovative Clusters', url: null },
  { name: 'APEC Cluster Collaboration Network', url: null },
  { name: 'Asia-Pacific Cluster Forum', url: null },
];

/** Partnership destinations beyond the APEC economies. */
export const OTHER_COUNTRIES = ['DE', 'FR', 'IN', 'GB', 'IT', 'NL', 'FI', 'IL', 'AE', 'KZ', 'BY', 'BR', 'ZA', 'ES', 'SE'];

export const GOALS = [
  { en: 'raise exports and joint research', ru: 'роста экспорта и совместных исследований' },
  { en: 'attract investment and train specialists', ru: 'привлечения инвестиций и подготовки кадров' },
  { en: 'bring new products to international markets', ru: 'вывода новых продуктов на международные рынки' },
  { en: 'connect start-ups with large manufacturers', ru: 'кооперации стартапов с крупными производителями' },
];

export const STATUS_LABELS: Record<string, { en: string; ru?: string }[]> = {
  RU: [
    { en: 'Pilot innovative territorial cluster', ru: 'Пилотный инновационный территориальный кластер' },
    { en: 'Industrial cluster (Ministry of Industry and Trade registry)', ru: 'Промышленный кластер (реестр Минпромторга)' },
  ],
  JP: [{ en: 'Knowledge cluster' }],
  KR: [{ en: 'Regional innovation cluster' }],
  default: [{ en: 'National priority cluster' }, { en: 'Regional innovation cluster' }, { en: 'Emerging cluster' }],
};

export const FIRST_NAMES = ['Anna', 'Maria', 'Olga', 'Elena', 'Sofia', 'Grace', 'Mei', 'Yuki', 'Ji-woo', 'Linh', 'Camila', 'Sarah', 'Ivan', 'Sergey', 'Dmitry', 'James', 'Wei', 'Kenji', 'Min-jun', 'Minh', 'Diego', 'David', 'Ahmad', 'Siti'];
export const LAST_NAMES = ['Petrova', 'Ivanov', 'Smirnova', 'Kuznetsov', 'Chen', 'Wang', 'Li', 'Tanaka', 'Sato', 'Kim', 'Park', 'Nguyen', 'Tran', 'Garcia', 'Lopez', 'Smith', 'Brown', 'Wilson', 'Tan', 'Lim', 'Santos', 'Reyes'];
export const POSITIONS = ['Head of international cooperation', 'Cluster manager', 'Executive director', 'Export development lead', 'Partnership coordinator'];
